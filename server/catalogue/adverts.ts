// What the site shows around the programme: adverts for a placement, and announcements, each only inside its own
// time window.
import type { CatalogueContext } from "./context";
import type { Advert, Announcement } from "./schemas";

const ANNOUNCEMENTS_LIMIT = 5;
const ADVERTS_LIMIT = 5;

export function createAdverts({ db, now }: CatalogueContext) {
  /**
   * Adverts live now for a placement: highest priority first, then the newest campaign. With a cinema, only the
   * adverts for every cinema and those for that one; without one (the customer's cinema isn't known), all of them.
   */
  async function activeAdverts(placement: Advert["placement"], input: { cinemaSlug?: string } = {}): Promise<Advert[]> {
    const at = now();
    const cinema = input.cinemaSlug ? await db.cinema.findUnique({ where: { slug: input.cinemaSlug }, select: { id: true } }) : null;
    return db.advert.findMany({
      where: {
        placement,
        active: true,
        startsAt: { lte: at },
        endsAt: { gt: at },
        ...(cinema ? { OR: [{ cinemaIds: { isEmpty: true } }, { cinemaIds: { has: cinema.id } }] } : {}),
      },
      select: { id: true, title: true, body: true, imageUrl: true, linkUrl: true, placement: true },
      orderBy: [{ priority: "desc" }, { startsAt: "desc" }, { id: "asc" }],
      take: ADVERTS_LIMIT,
    });
  }

  /**
   * Announcements live now: chain-wide ones plus, when a cinema is given, that cinema's own (all of them
   * otherwise). Warnings first.
   */
  async function activeAnnouncements(input: { cinemaSlug?: string; chainOnly?: boolean } = {}): Promise<Announcement[]> {
    const at = now();
    const rows = await db.announcement.findMany({
      where: {
        startsAt: { lte: at },
        endsAt: { gt: at },
        ...(input.cinemaSlug
          ? { OR: [{ cinemaId: null }, { cinema: { slug: input.cinemaSlug } }] }
          : input.chainOnly
            ? { cinemaId: null }
            : {}),
      },
      select: { id: true, message: true, severity: true, cinema: { select: { slug: true, name: true } } },
      // PostgreSQL sorts an enum in its declared order (INFO, WARNING), so descending puts warnings first.
      orderBy: [{ severity: "desc" }, { startsAt: "desc" }, { id: "asc" }],
      take: ANNOUNCEMENTS_LIMIT,
    });
    return rows;
  }

  return { activeAdverts, activeAnnouncements };
}
