import fp from 'fastify-plugin';
import { EventBus } from '../lib/events.ts';
import type { App } from '../types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's domain events, delivered after the commit (see lib/events.ts). */
    events: EventBus;
  }
}

export default fp(
  async (app: App) => {
    app.decorate(
      'events',
      new EventBus((err, event) => app.log.warn({ err, event }, 'an event subscriber failed')),
    );
  },
  { name: 'events' },
);
