import fp from 'fastify-plugin';
import type { App } from '../types.ts';
import accountRoutes from './accounts/routes.ts';
import auditRoutes from './audit/routes.ts';
import authRoutes from './auth/routes.ts';
import caseReportRoutes from './case-reports/routes.ts';
import consultationRoutes from './consultations/routes.ts';
import directoryRoutes from './directory/routes.ts';
import healthRoutes from './health/routes.ts';
import hsdsRoutes from './hsds/routes.ts';
import importRoutes from './import/routes.ts';
import messagingRoutes from './messaging/routes.ts';
import notificationRoutes from './notifications/routes.ts';
import organizationRoutes from './organizations/routes.ts';
import organizationRequestRoutes from './organization-requests/routes.ts';
import referenceRoutes from './reference/routes.ts';
import referralRoutes from './referrals/routes.ts';
import resourceRoutes from './resources/routes.ts';
import settingsRoutes from './settings/routes.ts';
import { AreaDirectory } from './reference/service.ts';
import { pushNotifications } from './notifications/fanout.ts';
import { subscribeNotifications } from './notifications/subscribers.ts';
import { setupMessagingSocket } from './messaging/socket.ts';
import { deliverConsultationChanges } from './consultations/live.ts';
import { deliverReferralChanges } from './referrals/live.ts';

declare module 'fastify' {
  interface FastifyInstance {
    areaDirectory: AreaDirectory;
  }
}

/** Every capability's routes; each feature folder holds its routes, service and queries. */
export default fp(
  async (app: App) => {
    app.decorate('areaDirectory', new AreaDirectory(app.database.db));
    // Notifications follow the domain events: stored with the change, pushed after its commit.
    subscribeNotifications(app.events);
    pushNotifications(app);
    setupMessagingSocket(app);
    deliverConsultationChanges(app);
    deliverReferralChanges(app);
    await app.register(healthRoutes);
    await app.register(referenceRoutes);
    await app.register(authRoutes);
    await app.register(directoryRoutes);
    await app.register(organizationRoutes);
    await app.register(organizationRequestRoutes);
    await app.register(accountRoutes);
    await app.register(importRoutes);
    await app.register(notificationRoutes);
    await app.register(settingsRoutes);
    await app.register(auditRoutes);
    await app.register(consultationRoutes);
    await app.register(caseReportRoutes);
    await app.register(resourceRoutes);
    await app.register(referralRoutes);
    await app.register(hsdsRoutes);
    await app.register(messagingRoutes);
  },
  { name: 'features', dependencies: ['auth', 'events', 'jobs', 'realtime'] },
);
