/**
 * Demo only (`npm run demo`): a handful of SMS subscribers of Trà Phú, so that
 * a notice `lanhdao` sends to TRAPHU reaches the simulated gateway — one SMS
 * per subscriber, the first on the demo phone's default number (/demo/phone).
 * Idempotent: existing rows are left as they are (a demo number that sent HUY
 * stays stopped).
 */
import type { Db } from '../../db/client.js';
import { subscriptions } from '../../db/schema/index.js';
import { contactsForPhones } from '../subscriptions/subscribers.repo.js';

export const DEMO_SUBSCRIBERS = ['+84912345678', '+84912000101', '+84912000102', '+84912000103', '+84912000104'];

export async function seedDemoSubscribers(db: Db, unitId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const ids = await contactsForPhones(tx, DEMO_SUBSCRIBERS);
    await tx.insert(subscriptions).values(DEMO_SUBSCRIBERS.map((p) => ({
      contactId: ids.get(p)!, unitId, channel: 'sms' as const, active: true, consentAt: new Date(), consentSource: 'demo: dữ liệu mẫu',
    }))).onConflictDoNothing();
  });
}
