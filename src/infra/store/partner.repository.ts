import { asc, eq } from "drizzle-orm";
import type { Db } from "./database.ts";
import { organisations, type OrganisationRow } from "./schema/mod.ts";

/**
 * SQL for organisations as partners on this instance (issue 16): the list every signed-in user may
 * see (names only) and the operators' public-publisher designation.
 */
export class PartnerRepository {
  constructor(private readonly db: Db) {}

  /** Every organisation on the instance, by name. */
  async list(): Promise<OrganisationRow[]> {
    return this.db.select().from(organisations).orderBy(asc(organisations.name), asc(organisations.id));
  }

  /** One organisation by id or exact name. */
  async find(idOrName: string): Promise<OrganisationRow | undefined> {
    const rows = await this.list();
    return rows.find((o) => o.id === idOrName) ?? rows.find((o) => o.name === idOrName);
  }

  /** Sets or clears the public-publisher designation; returns the row after the change. */
  async setPublicPublisher(id: string, on: boolean): Promise<OrganisationRow | undefined> {
    const [row] = await this.db.update(organisations).set({ publicPublisher: on }).where(eq(organisations.id, id)).returning();
    return row;
  }
}
