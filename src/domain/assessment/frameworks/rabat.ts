/**
 * Built-in template following the Rabat Plan of Action's six-part threshold test for incitement to
 * discrimination, hostility or violence (2012): one factor per part, each with numbered indicators
 * (`1.1`, `1.2`, …). Use it for one statement or a campaign of speech (link the speech items as
 * evidence). A high score means the speech comes close to the threshold of incitement. Indicator
 * wording and guidance are the project's own.
 */
import { DEFAULT_SCALE, type Factor, type Framework } from "../framework.ts";

type Row = [text: string, guidance: string];

function part(id: number, name: string, description: string, rows: Row[]): Factor {
  return { id: String(id), name, group: "threshold", description, weight: 1, indicators: rows.map(([text, guidance], i) => ({ id: `${id}.${i + 1}`, text, guidance })) };
}

/** The Rabat six-part threshold test, as a Tocsin template (version 1). */
export const RABAT: Framework = {
  key: "rabat-threshold",
  version: 1,
  name: "Rabat six-part threshold test for incitement",
  description: "Six parts to weigh whether speech reaches the threshold of incitement to discrimination, hostility or violence: context, speaker, intent, content and form, extent, and likelihood including imminence.",
  source: "Structure after the Rabat Plan of Action (OHCHR, 2012); indicator wording and guidance are Tocsin's own.",
  scale: DEFAULT_SCALE,
  factors: [
    part(1, "Context", "The social and political setting when the speech was made and spread.", [
      ["Existing tension, conflict or recent violence between the groups concerned", "Link events or alerts from the same area and period."],
      ["The targeted group already faces discrimination or attacks", "Pattern of abuses documented elsewhere in Tocsin."],
      ["Little space for counter-speech or independent media", "Censorship, shutdowns, captured media."],
    ]),
    part(2, "Speaker", "Who spoke, their standing and their influence over the audience.", [
      ["The speaker holds political, religious, military or social authority", "Office, following, role in an organisation."],
      ["The audience is likely to act on the speaker's words", "Past mobilisations following the speaker's statements."],
    ]),
    part(3, "Intent", "Whether the speaker meant to incite, rather than only to inform or offend.", [
      ["The speech advocates action against the group, not only opinion", "Calls to do something, not commentary."],
      ["The speaker repeated or escalated the message after being warned", "Persistence suggests intent."],
    ]),
    part(4, "Content and form", "What was said and how: directness, style, arguments, provocation.", [
      ["Direct or coded calls to violence, expulsion or discrimination", "Record the phrases; note coded terms used locally."],
      ["Dehumanising language about the group", "Animals, vermin, disease, existential threat."],
      ["Form designed to provoke: repetition, imagery, emotional appeals", "Videos, songs, memes built to spread."],
    ]),
    part(5, "Extent of the speech act", "Reach, size of the audience, frequency and public nature.", [
      ["The speech was public and reached a large audience", "Broadcast, widely shared online, mass rallies."],
      ["The speech was repeated or amplified across channels", "Reposting by networks, translation, coordinated amplification."],
    ]),
    part(6, "Likelihood, including imminence", "A reasonable probability that the speech would lead to actual harm against the group, and soon.", [
      ["Audience members have the means and opportunity to act", "Armed groups in the audience, mobilised crowds."],
      ["Similar speech has been followed by violence before", "Link past events that followed comparable speech."],
      ["Harm could follow in the near term", "Planned gatherings, dates, ongoing clashes."],
    ]),
  ],
};
