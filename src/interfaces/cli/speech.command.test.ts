import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeCliStores, tocsinInProcess } from "../../../test/cli-harness.ts";

/** Runs a command in this process (test/cli-harness.ts). */
async function tocsin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = await tocsinInProcess(args, { env });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** Amharic sentences: calls to violence vs. everyday talk, varied by template. */
function amharicRows(n: number, offset: number): { text: string; label: string }[] {
  const violent = ["ግደሏቸው", "አጥፏቸው", "በረሮዎች ናቸው", "ይገደሉ"];
  const calm = ["ቡና እንጠጣ", "ትምህርት ቤት ሄደ", "ዝናብ ዘነበ", "ገበያ ሄድን"];
  const subjects = ["እነሱ", "ዛሬ", "ሰዎች", "ጎረቤቶች", "ከተማው"];
  const rows: { text: string; label: string }[] = [];
  for (let i = offset; i < offset + n; i++) {
    const hostile = i % 2 === 0;
    const verb = (hostile ? violent : calm)[(i * 7) % 4];
    rows.push({ text: `${subjects[i % 5]} ${verb} ${subjects[(i * 3) % 5]}`, label: hostile ? "ጥላቻ" : "ሰላም" });
  }
  return rows;
}

const csv = (rows: { text: string; label: string }[]): string =>
  "\uFEFFid,ጽሑፍ,label\n" + rows.map((r, i) => `${i},"${r.text}",${r.label}`).join("\n") + "\n";

test("train / classify / eval on an Amharic CSV with BOM and a JSONL test file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "speech-cli-"));
  try {
    const train = join(dir, "train.csv");
    const testJsonl = join(dir, "test.jsonl");
    const model = join(dir, "model.json");
    writeFileSync(train, csv(amharicRows(120, 0)));
    const testRows = amharicRows(30, 1000);
    writeFileSync(testJsonl, "\uFEFF" + testRows.map((r) => JSON.stringify({ ጽሑፍ: r.text, label: r.label })).join("\n") + "\n");

    const tr = await tocsin(["speech", "train", "--data", train, "--text-col", "ጽሑፍ", "--label-col", "label", "--test", testJsonl, "--out", model, "--quick"]);
    assert.equal(tr.status, 0, tr.stderr);
    const summary = JSON.parse(tr.stdout);
    assert.deepEqual(summary.labels, ["ሰላም", "ጥላቻ"]);
    assert.ok(summary.test.macro_f1 > 0.9, JSON.stringify(summary.test));
    const m = JSON.parse(readFileSync(model, "utf8"));
    assert.equal(m.training.dataSha256.length, 64);
    assert.deepEqual(m.labels, ["ሰላም", "ጥላቻ"]);

    const out = join(dir, "out.csv");
    const cl = await tocsin(["speech", "classify", "--model", model, "--data", testJsonl, "--text-col", "ጽሑፍ", "--out", out]);
    assert.equal(cl.status, 0, cl.stderr);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    assert.equal(lines[0], "row,label,p_ሰላም,p_ጥላቻ");
    assert.equal(lines.length, 31);
    lines.slice(1).forEach((line, i) => {
      const [row, label, p0, p1] = line.split(",");
      assert.equal(row, String(i));
      assert.ok(Math.abs(Number(p0) + Number(p1) - 1) < 1e-5);
      assert.equal(label, Number(p0) > Number(p1) ? "ሰላም" : "ጥላቻ");
    });

    const ev = await tocsin(["speech", "eval", "--model", model, "--data", testJsonl, "--text-col", "ጽሑፍ", "--label-col", "label"]);
    assert.equal(ev.status, 0, ev.stderr);
    const j = JSON.parse(ev.stdout);
    assert.ok(j.macro_f1 > 0.9);
    assert.deepEqual(Object.keys(j.per_class).sort(), ["ሰላም", "ጥላቻ"]);
    assert.ok(["precision", "recall", "f1"].every((k) => k in j.per_class["ጥላቻ"]));
    assert.equal(j.confusion_matrix.flat().reduce((a: number, b: number) => a + b, 0), 30);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("errors name the file, line or column and exit non-zero", async () => {
  const dir = mkdtempSync(join(tmpdir(), "speech-cli-"));
  try {
    const f = join(dir, "d.csv");
    writeFileSync(f, "text,label\nhello,a\nworld,\n");
    const missingLabel = await tocsin(["speech", "train", "--data", f, "--text-col", "text", "--label-col", "label", "--out", join(dir, "m.json")]);
    assert.notEqual(missingLabel.status, 0);
    assert.match(missingLabel.stderr, /d\.csv:3: field "label" \(label column\) is empty/);
    const badCol = await tocsin(["speech", "classify", "--model", f, "--data", f, "--text-col", "tweet"]);
    assert.notEqual(badCol.status, 0);
    assert.match(badCol.stderr, /d\.csv: not a readable JSON model/);
    const items = join(dir, "items.csv");
    writeFileSync(items, "id,text,time,source,country\n1,kill the cockroaches,2024-05-01,radio,MMR\n1,dup,2024-05-01,radio,MMR\n2,hello,yesterday,radio,MMR\n");
    const ing = await tocsin(["speech", "ingest", "--data", items, "--out", join(dir, "o.jsonl")]);
    assert.notEqual(ing.status, 0);
    assert.match(ing.stderr, /items\.csv:4: field "time"/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("ingest is idempotent by id, then analyse and trends work on the output", async () => {
  const dir = mkdtempSync(join(tmpdir(), "speech-cli-"));
  try {
    const items = join(dir, "items.jsonl");
    writeFileSync(items, [
      { id: "a1", text: "These cockroaches must be exterminated", time: "2024-05-01T10:00:00Z", source: "radio", country: "mmr", reach: 5000 },
      { id: "a1", text: "duplicate of a1", time: "2024-05-01T10:00:00Z", source: "radio", country: "MMR" },
      { id: "a2", text: "ትግሬዎች በረሮዎች ናቸው ግደሏቸው", time: "2024-05-02", source: "facebook", country: "ETH", language: "am" },
    ].map((x) => JSON.stringify(x)).join("\n"));
    const out = join(dir, "analysed.jsonl");
    const r = await tocsin(["speech", "ingest", "--data", items, "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    const rows = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((x) => x.clientId), ["a1", "a2"]);
    assert.equal(rows[0].country, "MMR");
    assert.ok(rows[1].analysis.hallmarks.some((h: { kind: string }) => h.kind === "call_to_violence"));
    const t = await tocsin(["speech", "trends", "--data", out, "--period", "day"]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /^period,country,dimension,key,count,total,rate\n/);
    assert.match(t.stdout, /2024-05-02,ETH,target,tigrayans,1,1,1\.0000/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("ingest --store stores into the store once, all-or-nothing, naming file and line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "speech-cli-store-"));
  try {
    const env = { TOCSIN_HOME: join(dir, "home"), DATABASE_URL: "" };
    const items = join(dir, "items.csv");
    writeFileSync(items, "id,text,time,source,country\n1,they are cockroaches,2024-05-01,radio,MMR\n2,market day,2024-05-02,paper,MM\n1,copy,2024-05-03,post,MMR\n");
    const first = await tocsin(["speech", "ingest", "--data", items, "--store"], env);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { file: items, rows: 3, inserted: 2, duplicates: 1 });
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "id,text,time,source,country\n5,fine,2024-05-01,radio,MMR\n6,fine,2024-05-01,radio,QQ\n");
    const rejected = await tocsin(["speech", "ingest", "--data", bad, "--store"], env);
    assert.notEqual(rejected.status, 0);
    assert.match(rejected.stderr, /bad\.csv:3: field "country"/);
    // The retry stores nothing new, and the rejected file's valid first row was not stored either.
    writeFileSync(items, "id,text,time,source,country\n1,they are cockroaches,2024-05-01,radio,MMR\n2,market day,2024-05-02,paper,MM\n5,fine,2024-05-01,radio,MMR\n");
    const again = await tocsin(["speech", "ingest", "--data", items, "--store"], env);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout), { file: items, rows: 3, inserted: 1, duplicates: 2 });
    const neither = await tocsin(["speech", "ingest", "--data", items], env);
    assert.notEqual(neither.status, 0);
  } finally {
    await closeCliStores();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("models activate stores a trained model; reanalyse then labels the items stored before it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "speech-cli-model-"));
  try {
    const env = { TOCSIN_HOME: join(dir, "home"), DATABASE_URL: "" };
    const items = join(dir, "items.csv");
    writeFileSync(items, "id,text,time,source,country\n1,ግደሏቸው እነሱ,2024-05-01,radio,ETH\n2,ቡና እንጠጣ ዛሬ,2024-05-02,paper,ETH\n");
    assert.equal((await tocsin(["speech", "ingest", "--data", items, "--store"], env)).status, 0);
    const train = join(dir, "train.csv");
    writeFileSync(train, csv(amharicRows(40, 0)));
    const model = join(dir, "model.json");
    const trained = await tocsin(["speech", "train", "--data", train, "--text-col", "ጽሑፍ", "--label-col", "label", "--out", model, "--quick"], env);
    assert.equal(trained.status, 0, trained.stderr);
    const junk = join(dir, "junk.json");
    writeFileSync(junk, JSON.stringify({ format: "tocsin-speech-model", version: 1 }));
    const refused = await tocsin(["speech", "models", "activate", junk], env);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /junk\.json: not a usable speech model/);
    const act = await tocsin(["speech", "models", "activate", model], env);
    assert.equal(act.status, 0, act.stderr);
    const stored = JSON.parse(act.stdout) as { model: { id: number; active: boolean; labels: string[] }; created: boolean };
    assert.deepEqual([stored.created, stored.model.active, stored.model.labels], [true, true, ["ሰላም", "ጥላቻ"]]);
    const re = await tocsin(["speech", "reanalyse"], env);
    assert.equal(re.status, 0, re.stderr);
    assert.deepEqual(JSON.parse(re.stdout), { modelId: stored.model.id, items: 2 });
    assert.deepEqual(JSON.parse((await tocsin(["speech", "reanalyse"], env)).stdout), { modelId: stored.model.id, items: 0 });
    const list = JSON.parse((await tocsin(["speech", "models", "list"], env)).stdout) as { id: number; active: boolean }[];
    assert.deepEqual(list.map((m) => [m.id, m.active]), [[stored.model.id, true]]);
  } finally {
    await closeCliStores();
    rmSync(dir, { recursive: true, force: true });
  }
});
