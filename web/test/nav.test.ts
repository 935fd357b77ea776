import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { operations, roles, type Operation, type Role } from '@tsunagu/shared';
import { navFor } from '@/layout/nav.ts';

/** The app's pages (router.ts) without their components: only the meta matters here. */
async function appRoutes(): Promise<RouteRecordRaw[]> {
  const source = (await import('node:fs')).readFileSync(new URL('../src/router.ts', import.meta.url), 'utf8');
  const found = [...source.matchAll(/path: '([^']+)',[\s\S]*?meta: \{([^}]*)\}/g)];
  return found.map(([, path, meta]) => {
    const operation = /operation: '([A-Za-z]+)'/.exec(meta!)?.[1];
    return { path: path!, component: {}, meta: operation ? { operation: operation as never } : {} };
  });
}

const mayCall = (id: string, role: Role) => {
  const access = (operations as Record<string, Operation>)[id]!.access;
  return access === 'public' || access === 'authenticated' || access.includes(role);
};

describe('the header menu', () => {
  it("offers each role exactly the pages whose operation the role's contract allows", async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: await appRoutes() });
    for (const role of roles) {
      const shown = navFor(router, role).map((l) => l.to);
      expect(shown).toContain('/');
      for (const path of [
        '/consultations',
        '/referrals',
        '/admin/users',
        '/admin/settings',
        '/admin/audit-log',
      ]) {
        const op = router.resolve(path).meta.operation!;
        expect(op, path).toBeTruthy();
        expect(shown.includes(path), `${role} ${path}`).toBe(mayCall(op, role));
      }
    }
    expect(navFor(router, 'supporter').map((l) => l.to)).not.toContain('/consultations');
    expect(navFor(router, 'admin').map((l) => l.to)).toContain('/admin/audit-log');
    expect(navFor(router, 'center_staff').map((l) => l.to)).not.toContain('/admin/audit-log');
  });

  it('names, on every role-restricted page, an operation that exists', async () => {
    for (const r of await appRoutes()) {
      const op = (r.meta as { operation?: string }).operation;
      if (op) expect(Object.keys(operations), r.path as string).toContain(op);
    }
  });
});
