import { LoginForm } from './LoginForm';

export function LoginScreen({ next }: { next?: string }) {
  return (
    <div className="login-screen">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            ST
          </span>
          <div>
            <h1>Smart Trading Desk</h1>
            <p className="muted">Equities execution · sign in to continue</p>
          </div>
        </div>
        <LoginForm next={next} />
        <p className="login-foot muted">Sessions are bound to this browser. Access is logged.</p>
      </div>
    </div>
  );
}
