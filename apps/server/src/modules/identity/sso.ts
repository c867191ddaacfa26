import { randomBytes, createHash } from 'node:crypto';

/** What a real-name provider (e.g. the city's 一网通办 unified identity) tells us after a successful login. */
export interface VerifiedIdentity {
  subject: string;
  realName: string;
  idNumber: string | null;
  phone: string | null;
}

/**
 * Adapter for a real-name single sign-on provider. A real one redirects the citizen to the provider and
 * exchanges the returned code server-side. None is available here, so only the demo provider ships.
 */
export interface SsoProvider {
  readonly id: string;
  readonly label: string;
  authorizeUrl(state: string, callbackUrl: string): string;
  exchange(code: string): Promise<VerifiedIdentity>;
}

export class SsoRegistry {
  private providers = new Map<string, SsoProvider>();
  register(p: SsoProvider): void {
    this.providers.set(p.id, p);
  }
  get(id: string): SsoProvider | undefined {
    return this.providers.get(id);
  }
  list(): SsoProvider[] {
    return [...this.providers.values()];
  }
}

/**
 * Demo provider (演示实名认证): NOT an identity source. It "verifies" anyone, deriving a stable fake
 * identity from the code, so the real-name flow can be tried end to end. Off when SSO_DEMO=false.
 */
export class DemoSsoProvider implements SsoProvider {
  readonly id = 'demo';
  readonly label = '演示实名认证（非真实身份源）';

  authorizeUrl(state: string, callbackUrl: string): string {
    const code = randomBytes(8).toString('hex');
    return `${callbackUrl}?state=${encodeURIComponent(state)}&code=${code}`;
  }

  async exchange(code: string): Promise<VerifiedIdentity> {
    if (!/^[a-z0-9]{4,64}$/i.test(code)) throw new Error('授权码无效');
    const h = createHash('sha256').update(code).digest();
    const digits = (n: number) => Array.from(h.subarray(0, n), (b) => String(b % 10)).join('');
    return {
      subject: `demo-${code}`,
      realName: '张演示',
      idNumber: `310104${'19800101'}${digits(3)}X`,
      phone: `139${digits(8)}`,
    };
  }
}
