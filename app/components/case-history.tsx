import { useTranslation } from "react-i18next";

export interface HistoryEvent {
  kind: string;
  status: string;
  agency: string;
  at: string;
}

/**
 * A tip's public history, shown to the reporter (follow-up) and to staff (case page). Both namespaces hold the
 * same `events.*` and `statuses.*` keys, worded for their readers.
 */
export function CaseHistory({
  heading,
  events,
  namespace,
}: {
  heading: string;
  events: HistoryEvent[];
  namespace: "follow-up" | "staff";
}) {
  const { t } = useTranslation(namespace);
  return (
    <section className="section" aria-labelledby="history-heading">
      <h2 id="history-heading">{heading}</h2>
      <ol className="timeline">
        {events.map((event, index) => (
          <li key={index}>
            <span className="timeline__when">{event.at}</span>{" "}
            {t(`events.${event.kind}`, { status: t(`statuses.${event.status}`), agency: event.agency })}
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface ShownMessage {
  /** reporter | agency | note: styles the message and lets tests find it. */
  author: string;
  /** Who wrote it, as this reader may know it (never a staff name for the reporter). */
  who: string;
  at: string;
  body: string;
}

/** A conversation or a list of notes, oldest first. */
export function MessageList({ messages }: { messages: ShownMessage[] }) {
  return (
    <ol className="messages">
      {messages.map((message, index) => (
        <li key={index} className={`message message--${message.author}`} data-author={message.author}>
          <p className="message__meta">
            {message.who} · {message.at}
          </p>
          <p className="message__body" dir="auto">
            {message.body}
          </p>
        </li>
      ))}
    </ol>
  );
}
