import { EventBus } from '../lib/events.ts';
import { subscribeNotifications } from '../features/notifications/subscribers.ts';

/** The demo seed runs the services without an app: its events store notifications and go nowhere else. */
export function notifyingEvents(): EventBus {
  const events = new EventBus();
  subscribeNotifications(events);
  return events;
}
