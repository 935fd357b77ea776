import type { App } from '../../types.ts';

/** Open consultation pages of everyone who may see it refresh when anyone acts on it (after the commit). */
export function deliverConsultationChanges(app: App): void {
  const off = app.events.subscribe('consultation.changed', ({ consultationId, viewers }) => {
    if (viewers.length)
      app.realtime.io.to(viewers.map((u) => `user:${u}`)).emit('consultation:changed', { consultationId });
  });
  app.addHook('preClose', async () => off());
}
