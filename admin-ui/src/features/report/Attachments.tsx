/**
 * Photos and files, always through the scoped route /api/attachments/:id
 * (404 outside the officer's scope). A thumbnail opens the full image.
 */
import type { Attachment } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

export function AttachmentList({ files, start = 1 }: { files: Attachment[]; start?: number }) {
  const { t } = useI18n();
  const shown = files.filter((f) => f.kind !== 'location');
  if (shown.length === 0) return null;
  return (
    <ul className="thumbs">
      {shown.map((f, i) => {
        const n = start + i;
        if (f.status === 'pending') return <li key={f.id} className="thumb-note">{t('attachmentPending')}</li>;
        if (f.status === 'failed' || !f.url) return <li key={f.id} className="thumb-note thumb-failed">{t('attachmentFailed')}</li>;
        const image = f.kind === 'image' || f.kind === 'sticker';
        return (
          <li key={f.id}>
            <a href={f.url} target="_blank" rel="noopener noreferrer" className={image ? 'thumb' : 'file-link'}>
              {image
                ? <img src={f.url} alt={t('photoAlt', { n })} loading="lazy" width={96} height={96} />
                : t('attachmentFile', { n })}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
