import type { Command } from "commander";
import { openConfiguredStore } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { listOrganisations, setPublicPublisher } from "../../services/partner.service.ts";

/**
 * `tocsin orgs`: the organisations on this instance, and the operators' designation of public
 * publishers — organisations whose alert overrides set the public level (issue 16). Audited.
 */
export function registerOrgsCommands(program: Command): void {
  const group = program.command("orgs").description("organisations on this instance");
  group
    .command("list")
    .description("list organisations (id, name, public publisher)")
    .action(async () => {
      const store = await openConfiguredStore(loadConfig());
      try {
        process.stdout.write(`${JSON.stringify(await listOrganisations(store), null, 2)}\n`);
      } finally {
        await store.close();
      }
    });
  group
    .command("set-public-publisher")
    .description("designate an organisation (id or exact name) public publisher: its analysts' overrides set the public level; --off withdraws it. Audited")
    .argument("<organisation>", "organisation id or exact name")
    .option("--off", "withdraw the designation")
    .action(async (organisation: string, opts: { off?: boolean }) => {
      const store = await openConfiguredStore(loadConfig());
      try {
        const row = await setPublicPublisher(store, organisation, !opts.off);
        process.stderr.write(`${row.name}: public publisher ${row.publicPublisher ? "on" : "off"}\n`);
        process.stdout.write(`${JSON.stringify({ id: row.id, name: row.name, publicPublisher: row.publicPublisher })}\n`);
      } finally {
        await store.close();
      }
    });
}
