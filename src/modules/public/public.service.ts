/**
 * Citizen submissions from the web: validate everything first (fields, photos
 * by their bytes), store photos, then hand one normalised message to the
 * durable inbox. Bad input stores nothing.
 */
import { randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldMessages } from '../../lib/errors.js';
import { normalizePhone } from '../../domain/phone.js';
import type { InboundMessage, Media } from '../../channels/types.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import {
  CONSENT_VERSION, FIELD_MESSAGES, MAX_PHOTOS, MAX_PHOTO_BYTES, reportInputSchema, type ReportInput,
} from './public.schemas.js';

export interface UploadedPhoto { buffer: Buffer; size: number }

const PHOTO_TYPES = new Map([
  ['image/jpeg', 'jpg'], ['image/png', 'png'], ['image/webp', 'webp'], ['image/gif', 'gif'], ['image/heic', 'heic'], ['image/heif', 'heif'],
]);

type FieldKey = keyof typeof FIELD_MESSAGES;

function issuesToFields(issues: z.core.$ZodIssue[]): FieldMessages {
  const fields: FieldMessages = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    if (fields[field]) continue;
    const key = (issue.message in FIELD_MESSAGES ? issue.message : field) as FieldKey;
    fields[field] = FIELD_MESSAGES[key] ?? { vi: 'Giá trị không hợp lệ.', en: 'Invalid value.' };
  }
  return fields;
}

async function checkPhotos(photos: UploadedPhoto[], fields: FieldMessages): Promise<{ photo: UploadedPhoto; mime: string; ext: string }[]> {
  if (photos.length > MAX_PHOTOS) { fields.photos = FIELD_MESSAGES.photosCount; return []; }
  const out = [];
  for (const photo of photos) {
    if (photo.size > MAX_PHOTO_BYTES) { fields.photos = FIELD_MESSAGES.photoSize; return []; }
    // Checked by content, never by the file name or the browser's claim.
    const type = await fileTypeFromBuffer(photo.buffer);
    const ext = type ? PHOTO_TYPES.get(type.mime) : undefined;
    if (!type || !ext) { fields.photos = FIELD_MESSAGES.photoType; return []; }
    out.push({ photo, mime: type.mime, ext });
  }
  return out;
}

export interface SubmitResult { code: string; status: 'received'; duplicate: boolean }

/** `requireCommune`: the HTML form asks for an explicit choice ("not sure" is one of the options). */
export async function submitWebReport(ctx: AppContext, raw: unknown, photos: UploadedPhoto[], opts: { requireCommune?: boolean } = {}): Promise<SubmitResult> {
  const parsed = reportInputSchema.safeParse(raw);
  const fields: FieldMessages = parsed.success ? {} : issuesToFields(parsed.error.issues);
  const input = parsed.success ? parsed.data : undefined;
  // Commune, category and phone are checked even when other fields failed, so
  // the citizen sees every problem at once.
  const rawFields = (raw ?? {}) as Record<string, unknown>;
  const communeCode = typeof rawFields.commune === 'string' && rawFields.commune.trim() !== '-' ? rawFields.commune.trim().toUpperCase() : '';
  const categoryCode = typeof rawFields.category === 'string' ? rawFields.category.trim() : '';
  let catalog = await loadCatalog(ctx.database.db);
  // A code we do not know may belong to a unit or category created a moment ago in another process.
  if ((communeCode && !catalog.unitsByCode.has(communeCode)) || (categoryCode && !catalog.categories.has(categoryCode))) {
    catalog = await loadCatalog(ctx.database.db, { verify: true });
  }
  const commune = catalog.unitsByCode.get(communeCode);
  if (communeCode && !fields.commune && (!commune || (commune.kind !== 'commune' && commune.kind !== 'department'))) fields.commune = FIELD_MESSAGES.communeUnknown;
  if (categoryCode && !fields.category && !catalog.categories.has(categoryCode)) fields.category = FIELD_MESSAGES.categoryUnknown;
  if (opts.requireCommune && !rawFields.commune) fields.commune = FIELD_MESSAGES.commune;
  let phone: string | undefined;
  if (typeof rawFields.phone === 'string' && rawFields.phone.trim() !== '') {
    const p = normalizePhone(rawFields.phone);
    if (p.ok) phone = p.e164; else fields.phone = FIELD_MESSAGES.phone;
  }
  const checked = await checkPhotos(photos, fields);
  if (Object.keys(fields).length > 0 || !input) throw new ValidationError(fields);

  const media: Media[] = [];
  for (const c of checked) {
    const stored = await ctx.files.put(c.photo.buffer, c.ext);
    media.push({ kind: 'image', storageKey: stored.key, mime: c.mime, size: stored.size, sha256: stored.sha256 });
  }
  const accepted = await ctx.inbox.accept({
    channel: 'web', provider: 'web', withTrackingCode: true, event: toMessage(input, phone, media),
  });
  return { code: accepted.trackingCode ?? '', status: 'received', duplicate: accepted.duplicate };
}

function toMessage(input: ReportInput, phone: string | undefined, media: Media[]): InboundMessage {
  const now = new Date().toISOString();
  return {
    type: 'message',
    externalId: input.submissionId ?? randomUUID(),
    // A phone number makes the citizen recognisable across reports; without one each report stands alone.
    from: { externalId: phone, phone, name: input.name || undefined },
    text: input.description,
    media,
    location: input.location,
    receivedAt: now,
    unitCode: input.commune,
    categoryCode: input.category,
    consent: { at: now, version: CONSENT_VERSION },
  };
}
