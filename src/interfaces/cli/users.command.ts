import { createInterface } from "node:readline";
import type { Command } from "commander";
import { openConfiguredStore } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { bootstrapAdmin } from "../../services/auth.service.ts";
import { cliConfig, io } from "./io.ts";
import { approveIdentityAccessByOperator } from "../../services/identity-admin.service.ts";

/** Reads all of stdin (for `--password-stdin`), without the trailing newline. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of io().stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Asks for a password on the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: io().stdin, output: io().stderr as NodeJS.WritableStream, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  io().stderr.write(question);
  out._writeToOutput = () => {};
  try {
    return await new Promise<string>((resolve) => rl.question("", resolve));
  } finally {
    rl.close();
    io().stderr.write("\n");
  }
}

/** `tocsin users …`: bootstrap administration. */
export function registerUsersCommands(program: Command): void {
  const group = program.command("users").description("manage users");
  group
    .command("create-admin")
    .description("create an organisation and its first admin (password from --password-stdin, TOCSIN_ADMIN_PASSWORD, or a hidden prompt)")
    .requiredOption("--email <email>", "the admin's e-mail (their login)")
    .requiredOption("--organisation <name>", "the new organisation's name")
    .option("--name <name>", "the admin's display name", "Administrator")
    .option("--password-stdin", "read the password from standard input")
    .action(async (opts: { email: string; organisation: string; name: string; passwordStdin?: boolean }) => {
      const password = opts.passwordStdin
        ? await readStdin()
        : io().env.TOCSIN_ADMIN_PASSWORD ?? (io().stdin.isTTY ? await promptHidden("Password: ") : undefined);
      if (!password) throw new Error("no password: use --password-stdin, TOCSIN_ADMIN_PASSWORD or run in a terminal");
      const store = await io().openStore(cliConfig());
      try {
        const { organisationId, user } = await bootstrapAdmin(store, { organisationName: opts.organisation, email: opts.email, displayName: opts.name, password });
        io().stdout.write(`${JSON.stringify({ organisationId, userId: user.id, email: user.email, role: user.role })}\n`);
      } finally {
        await store.close();
      }
    });

  group
    .command("approve-role")
    .description("approve a user's access to reporter identities (the first analyst of an organisation has no one else to approve them; audited as `cli`)")
    .argument("<email>", "the user's e-mail")
    .action(async (email: string) => {
      const store = await io().openStore(cliConfig());
      try {
        const user = await approveIdentityAccessByOperator(store, email);
        io().stdout.write(`${JSON.stringify({ userId: user.id, email: user.email, role: user.role, identityApproved: true })}\n`);
      } finally {
        await store.close();
      }
    });
}
