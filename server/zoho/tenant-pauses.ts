/** Per-tenant pauses: after a 429 every call of the tenant waits until each pause asked for has passed. */
export class TenantPauses {
  private readonly byTenant = new Map<string, Promise<void>>();

  constructor(private readonly sleep: (ms: number) => Promise<void>) {}

  /** Starts (or lengthens) the tenant's pause: it ends when every pause asked for has passed. */
  pause(tenantId: string, ms: number): Promise<void> {
    const before = this.byTenant.get(tenantId);
    const pause: Promise<void> = Promise.all([before, this.sleep(ms)]).then(() => {
      if (this.byTenant.get(tenantId) === pause) this.byTenant.delete(tenantId);
    });
    this.byTenant.set(tenantId, pause);
    return pause;
  }

  /** Waits while the tenant is paused, including pauses begun while waiting. */
  async waitOut(tenantId: string): Promise<void> {
    for (let pause = this.byTenant.get(tenantId); pause;) {
      await pause;
      const next = this.byTenant.get(tenantId);
      if (next === pause) return;
      pause = next;
    }
  }
}
