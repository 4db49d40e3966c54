export default function Home() {
  return <main>desk</main>;
}
