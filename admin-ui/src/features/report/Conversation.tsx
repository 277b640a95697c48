/**
 * The thread, oldest first. What a citizen wrote is shown as TEXT, always
 * (DESIGN.md invariant 7): React escapes it. Only an officer reply's `html`,
 * cleaned by sanitize-html on the server, is inserted as markup. Internal
 * notes look different so nobody mistakes them for what the citizen read.
 */
import type { Attachment, ThreadMessage } from '../../api/types';
import { DeliveryTick } from '../../components/DeliveryTick';
import { useI18n } from '../../i18n/i18n';
import { AttachmentList } from './Attachments';

function Who({ m }: { m: ThreadMessage }) {
  const { t } = useI18n();
  if (m.direction === 'in') return <>{t('citizen')}</>;
  if (m.direction === 'note') return <>{m.author?.displayName ?? t('system')} · {t('internalNote')}</>;
  if (m.kind === 'ack') return <>{t('autoAck')}</>;
  if (m.kind === 'system' || !m.author) return <>{t('system')}</>;
  return <>{m.author.displayName}</>;
}

function Body({ m }: { m: ThreadMessage }) {
  if (m.direction === 'out' && m.kind === 'reply' && m.html) {
    // Sanitised on the server with a small allowlist (docs/API.md "Text vs HTML").
    return <div className="msg-body msg-html" dangerouslySetInnerHTML={{ __html: m.html }} />;
  }
  return <p className="msg-body msg-text">{m.text}</p>;
}

function Message({ m, files, photoStart }: { m: ThreadMessage; files: Attachment[]; photoStart: number }) {
  const { fmt } = useI18n();
  const side = m.direction === 'in' ? 'msg-in' : m.direction === 'note' ? 'msg-note' : 'msg-out';
  const auto = m.kind === 'ack' || m.kind === 'system' ? ' msg-auto' : '';
  return (
    <li className={`msg ${side}${auto}`} data-message-id={m.id} data-direction={m.direction}>
      <div className="msg-who"><Who m={m} /></div>
      <Body m={m} />
      <AttachmentList files={files} start={photoStart} />
      <div className="msg-foot">
        <time dateTime={m.createdAt}>{fmt.dateTime(m.createdAt)}</time>
        {m.direction === 'out' && <DeliveryTick status={m.status} channel={m.channel} errorCode={m.errorCode} />}
      </div>
    </li>
  );
}

export function Conversation({ thread, attachments }: { thread: ThreadMessage[]; attachments: Attachment[] }) {
  const { t } = useI18n();
  const byId = new Map(attachments.map((a) => [a.id, a]));
  let photo = 1;
  const withFiles = thread.map((m) => {
    const files = m.attachmentIds.map((id) => byId.get(id)).filter((a): a is Attachment => a !== undefined);
    const start = photo;
    photo += files.length;
    return { m, files, start };
  });
  const threaded = new Set(thread.flatMap((m) => m.attachmentIds));
  const loose = attachments.filter((a) => !threaded.has(a.id));
  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <h3 id="conversation-title">{t('conversation')}</h3>
      <ol className="thread">
        {withFiles.map(({ m, files, start }) => <Message key={m.id} m={m} files={files} photoStart={start} />)}
      </ol>
      {loose.length > 0 && (
        <div className="loose-files">
          <h4>{t('photos')}</h4>
          <AttachmentList files={loose} start={photo} />
        </div>
      )}
    </section>
  );
}
