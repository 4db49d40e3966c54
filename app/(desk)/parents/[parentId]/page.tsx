import type { Metadata } from 'next';
import { ParentDetailWorkspace } from '@/components/parents/detail/ParentDetailWorkspace';

type Params = { params: Promise<{ parentId: string }> };

/** The segment as typed; a malformed escape stays as it is (the page then says there is no such parent). */
function idOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Parent ${idOf((await params).parentId)}` };
}

/** /parents/P0000001: one parent's schedule, fills, trilemma, strategy and children. */
export default async function ParentPage({ params }: Params) {
  return <ParentDetailWorkspace parentId={idOf((await params).parentId)} />;
}
