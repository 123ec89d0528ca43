/**
 * Catalogue keys of the built-in assessment frameworks' texts (UN Framework of Analysis, Ten Stages,
 * Rabat): `framework.<key>.name`, `framework.<key>.description`, `framework.<key>.f<factor id>.name`,
 * `….f<factor id>.description`, `framework.<key>.indicator.<indicator id>.text`, `….guidance`.
 * Pure (no catalogue import), so the catalogue test and the generator can use it on the domain's frameworks.
 */

/** The parts of a framework that carry text (the domain's `Framework` and the API's both fit). */
export interface FrameworkTexts {
  readonly key: string;
  readonly name: string;
  readonly description?: string | null;
  readonly factors: readonly {
    readonly id: string;
    readonly name: string;
    readonly description?: string | null;
    readonly indicators: readonly { readonly id: string; readonly text: string; readonly guidance?: string | null }[];
  }[];
}

/** The catalogue key of one text of framework `key` (`part`: `name`, `f3.description`, `indicator.3.2.text`…). */
export function frameworkKey(key: string, part: string): string {
  return `framework.${key}.${part}`;
}

/** Every text of a framework as catalogue entries, in reading order. */
export function frameworkMessages(fw: FrameworkTexts): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (part: string, text: string | null | undefined) => {
    if (text) out[frameworkKey(fw.key, part)] = text;
  };
  put("name", fw.name);
  put("description", fw.description);
  for (const f of fw.factors) {
    put(`f${f.id}.name`, f.name);
    put(`f${f.id}.description`, f.description);
    for (const i of f.indicators) {
      put(`indicator.${i.id}.text`, i.text);
      put(`indicator.${i.id}.guidance`, i.guidance);
    }
  }
  return out;
}
