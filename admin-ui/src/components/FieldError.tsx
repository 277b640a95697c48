/** A field's error from a 422 {fields}, tied to its input by id (aria-describedby). */
import type { FieldMessages } from '../api/client';
import { useI18n } from '../i18n/i18n';

export function FieldError({ id, fields, name }: { id: string; fields: FieldMessages; name: string }) {
  const { field } = useI18n();
  const m = fields[name];
  return m ? <p className="field-error" id={id}>{field(m)}</p> : null;
}
