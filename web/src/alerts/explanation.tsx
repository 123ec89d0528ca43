import { explanationParts, localSentence, type ExplainInput, type ExplainSignal, type ExplanationPart } from "./explain.ts";

/**
 * An alert's explanation in the reader's language: the parts the dashboard rebuilds from the
 * structured facts are translated; any other part keeps the server's English, marked lang="en"
 * (see `explain.ts`).
 */
export function Explanation({ input, className, as = "p" }: { input: ExplainInput; className?: string; as?: "p" | "span" }) {
  const body = <Parts parts={explanationParts(input)} />;
  return as === "p" ? <p className={className} dir="auto" data-explanation="">{body}</p> : <span className={className} dir="auto" data-explanation="">{body}</span>;
}

/** A signal's sentence in the reader's language, or the server's English (lang="en") when the renderer cannot rebuild it. */
export function SignalSentence({ signal }: { signal: ExplainSignal }) {
  const local = localSentence(signal);
  return local !== null ? <span>{local}</span> : <span lang="en" translate="no">{signal.sentence}</span>;
}

/** Explanation parts: translated text as is, a person's words isolated, the server's English marked lang="en". */
export function Parts({ parts }: { parts: readonly ExplanationPart[] }) {
  return <>{parts.map(part)}</>;
}

function part(p: ExplanationPart, i: number) {
  if (p.translated) return <span key={i}>{p.text}</span>;
  if (p.verbatim) return <bdi key={i} dir="auto">{p.text}</bdi>;
  return <span key={i} lang="en" translate="no">{p.text}</span>;
}
