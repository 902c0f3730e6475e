import type { Certificate, ScreeningFormat } from "@/server/db/generated/enums";

// The seeded catalogue. Every title, person and studio here is invented. Both the seed and the artwork generator
// (scripts/generate-artwork.ts) read this list, so a film's poster always matches its record.

export type ArtMotif =
  | "waves"
  | "moon"
  | "hills"
  | "diagonal"
  | "sun"
  | "dots"
  | "pines"
  | "rings"
  | "orbit"
  | "blobs"
  | "shards"
  | "arches"
  | "grid";

export type FilmArt = {
  motif: ArtMotif;
  /** Background gradient, top to bottom. */
  background: readonly [string, string];
  /** Shape colours, strongest first. */
  accents: readonly [string, string, string];
  /** Title colour. */
  ink: string;
  typeface: "sans" | "serif";
};

export type SeedFilm = {
  slug: string;
  title: string;
  tagline: string;
  synopsis: string;
  runtimeMinutes: number;
  certificate: Certificate;
  genres: readonly string[];
  /** Spoken languages; the first is the audio of every screening. */
  languages: readonly string[];
  director: string;
  cast: readonly string[];
  /** Days from the seed's "today" (negative: already out). Relative so the demo never goes stale. */
  releaseOffsetDays: number;
  trailerUrl: string | null;
  /** Formats the distributor supplies; TWO_D is always among them. */
  formats: readonly ScreeningFormat[];
  art: FilmArt;
};

export const films: readonly SeedFilm[] = [
  {
    slug: "salt-and-static",
    title: "Salt and Static",
    tagline: "The signal came from under the sea.",
    synopsis:
      "A radio engineer on a decommissioned North Sea platform picks up a transmission that should not exist. " +
      "As a winter storm cuts the rig off from the mainland, she has three nights to work out who, or what, is broadcasting.",
    runtimeMinutes: 118,
    certificate: "C12A",
    genres: ["Sci-Fi", "Thriller"],
    languages: ["English"],
    director: "Ines Marlowe",
    cast: ["Harriet Okafor", "Tomas Lindqvist", "Priya Raman", "Declan Moody"],
    releaseOffsetDays: -3,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer01",
    formats: ["TWO_D", "IMAX"],
    art: {
      motif: "waves",
      background: ["#04151f", "#0b3c49"],
      accents: ["#3fd1c7", "#1b8a8f", "#f2e9d8"],
      ink: "#f2fbfa",
      typeface: "sans",
    },
  },
  {
    slug: "paper-moons",
    title: "Paper Moons",
    tagline: "Every night, someone has to hang the moon.",
    synopsis:
      "In a city where the moon is folded fresh each evening, an apprentice paper-folder accidentally tears it in half. " +
      "With a grumpy paper crane and a map drawn in invisible ink, she races across the rooftops to mend the night sky before dawn.",
    runtimeMinutes: 94,
    certificate: "U",
    genres: ["Animation", "Family"],
    languages: ["English"],
    director: "Kenji Arroyo",
    cast: ["Maisie Tran", "Oliver Bankole", "Greta Sondheim", "Rufus Hale"],
    releaseOffsetDays: -9,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer02",
    formats: ["TWO_D", "THREE_D"],
    art: {
      motif: "moon",
      background: ["#121a4a", "#2d3a8c"],
      accents: ["#ffd36e", "#ff9f6e", "#e8ecff"],
      ink: "#fff6dc",
      typeface: "serif",
    },
  },
  {
    slug: "the-long-quiet",
    title: "The Long Quiet",
    tagline: "Some silences last a lifetime.",
    synopsis:
      "Twenty years after a mining disaster divided their valley town, two estranged brothers come home for their mother's funeral. " +
      "Over one wet week, old loyalties are tested as a young journalist starts asking the questions nobody wants answered.",
    runtimeMinutes: 132,
    certificate: "C15",
    genres: ["Drama"],
    languages: ["English"],
    director: "Carys Pendry",
    cast: ["Rhys Whitlock", "Owain Byers", "Nia Castell", "Gwen Aldous"],
    releaseOffsetDays: -16,
    trailerUrl: null,
    formats: ["TWO_D"],
    art: {
      motif: "hills",
      background: ["#c9b79c", "#3b3f46"],
      accents: ["#5a6470", "#2b3038", "#d98e3f"],
      ink: "#f7f1e6",
      typeface: "serif",
    },
  },
  {
    slug: "neon-requiem",
    title: "Neon Requiem",
    tagline: "One night. One city. No encore.",
    synopsis:
      "A retired getaway driver is pulled back for a single job: get a frightened witness across a rain-soaked city before sunrise. " +
      "Every crew in town wants them both off the road, and the police are not far behind.",
    runtimeMinutes: 126,
    certificate: "C18",
    genres: ["Action", "Thriller"],
    languages: ["English"],
    director: "Marcus Vell",
    cast: ["Jonah Reyes", "Sadie Kwan", "Viktor Brandt", "Lola Mensah"],
    releaseOffsetDays: -5,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer04",
    formats: ["TWO_D", "IMAX"],
    art: {
      motif: "diagonal",
      background: ["#0a0614", "#1d0b2e"],
      accents: ["#ff2e88", "#22e4ff", "#7a3cff"],
      ink: "#ffffff",
      typeface: "sans",
    },
  },
  {
    slug: "les-heures-claires",
    title: "Les Heures Claires",
    tagline: "One summer. Two strangers. All the light in Marseille.",
    synopsis:
      "Through a heatwave summer in Marseille, a widowed lighthouse restorer and a young cartographer from Lyon keep missing each other by minutes. " +
      "When a misdelivered letter finally brings them together, both must decide what they are willing to leave behind.",
    runtimeMinutes: 108,
    certificate: "C12A",
    genres: ["Drama", "Romance"],
    languages: ["French"],
    director: "Élodie Marchand",
    cast: ["Camille Roussel", "Théo Barrault", "Inès Ferrand"],
    releaseOffsetDays: -12,
    trailerUrl: null,
    formats: ["TWO_D"],
    art: {
      motif: "sun",
      background: ["#ffd9b8", "#f07b62"],
      accents: ["#fff3c4", "#d9475b", "#2f6f8f"],
      ink: "#2a1420",
      typeface: "serif",
    },
  },
  {
    slug: "dinner-for-eleven",
    title: "Dinner for Eleven",
    tagline: "Nobody leaves until dessert.",
    synopsis:
      "A chef's big-break supper club goes spectacularly wrong when a food critic, her ex-fiancé and an entire wedding party book the same table. " +
      "With the oven broken and the power flickering, she has one night to save her restaurant and what is left of her dignity.",
    runtimeMinutes: 101,
    certificate: "C15",
    genres: ["Comedy"],
    languages: ["English"],
    director: "Pippa Ashworth",
    cast: ["Amara Lewis", "Hugh Penrose", "Dev Chaudhry", "Bea Fontaine", "Marcus Ojo"],
    releaseOffsetDays: -20,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer06",
    formats: ["TWO_D"],
    art: {
      motif: "dots",
      background: ["#e8432e", "#b81f2a"],
      accents: ["#fff1d6", "#ffb627", "#7a0f1c"],
      ink: "#fff8ec",
      typeface: "sans",
    },
  },
  {
    slug: "hollow-pines",
    title: "Hollow Pines",
    tagline: "The forest remembers every name.",
    synopsis:
      "Five old friends rent a cabin deep in the Cairngorms for a reunion weekend, only to find the visitors' book already full of their own handwriting. " +
      "As the snow closes the road, the woods begin calling them home one by one.",
    runtimeMinutes: 97,
    certificate: "C18",
    genres: ["Horror"],
    languages: ["English"],
    director: "Ewan Strachan",
    cast: ["Skye Mathers", "Callum Reid", "Noor Haddad", "Finn Albright"],
    releaseOffsetDays: -26,
    trailerUrl: null,
    formats: ["TWO_D"],
    art: {
      motif: "pines",
      background: ["#0b1510", "#24332a"],
      accents: ["#0f2419", "#c8102e", "#dfe8e1"],
      ink: "#e9efe9",
      typeface: "serif",
    },
  },
  {
    slug: "the-cartographers",
    title: "The Cartographers",
    tagline: "Mapping the last blank spaces on Earth.",
    synopsis:
      "Filmed over four years, this documentary follows a team of volunteer surveyors charting the retreating glaciers of Svalbard. " +
      "A quiet, astonishing portrait of patience, ice and what it means to draw a line on a map.",
    runtimeMinutes: 88,
    certificate: "PG",
    genres: ["Documentary"],
    languages: ["English", "Norwegian"],
    director: "Anneli Voss",
    cast: ["Anneli Voss", "Jakob Strand", "Mirela Popescu"],
    releaseOffsetDays: -33,
    trailerUrl: null,
    formats: ["TWO_D"],
    art: {
      motif: "rings",
      background: ["#eaf3f8", "#a9c8da"],
      accents: ["#2e6e91", "#7fb0cc", "#ffffff"],
      ink: "#0f2c3d",
      typeface: "sans",
    },
  },
  {
    slug: "starfall-academy",
    title: "Starfall Academy",
    tagline: "Class is in session. Space is the classroom.",
    synopsis:
      "When a twelve-year-old stowaway wins a place at an orbiting school for young pilots, she has to survive a term of zero-gravity exams without anyone learning she was never invited. " +
      "Then, halfway through the term, the station's engines go quiet.",
    runtimeMinutes: 112,
    certificate: "PG",
    genres: ["Family", "Sci-Fi", "Action"],
    languages: ["English"],
    director: "Rafael Ortega",
    cast: ["Ivy Holloway", "Kofi Mensah-Brown", "Lucia Ferro", "Brendan Sharpe"],
    releaseOffsetDays: -2,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer09",
    formats: ["TWO_D", "THREE_D", "IMAX"],
    art: {
      motif: "orbit",
      background: ["#1b0f3b", "#4b1d6e"],
      accents: ["#ff8a3d", "#ffd166", "#9bd0ff"],
      ink: "#fff4e6",
      typeface: "sans",
    },
  },
  {
    slug: "a-year-of-sundays",
    title: "A Year of Sundays",
    tagline: "Fifty-two dates. One rule: never on a weekday.",
    synopsis:
      "Two Edinburgh booksellers, sworn rivals across the same cobbled street, agree to a ceasefire every Sunday for a year to stop both shops going under. " +
      "Somewhere between the farmers' markets and the rained-off picnics, the truce starts to look like something else entirely.",
    runtimeMinutes: 115,
    certificate: "C12A",
    genres: ["Romance", "Comedy"],
    languages: ["English"],
    director: "Morag Fennimore",
    cast: ["Elsie Drummond", "Sanjay Kapoor-Reid", "Tilly Brookes", "Angus Lowe"],
    releaseOffsetDays: -41,
    trailerUrl: null,
    formats: ["TWO_D"],
    art: {
      motif: "blobs",
      background: ["#ffe4e1", "#f6a6b2"],
      accents: ["#e94f73", "#ffb38a", "#8a4fff"],
      ink: "#3a0f23",
      typeface: "serif",
    },
  },
  {
    slug: "iron-meridian",
    title: "Iron Meridian",
    tagline: "The clock starts at noon.",
    synopsis:
      "A cargo train crossing the Alps is hijacked at the exact moment a ceasefire is signed. " +
      "A disgraced rail inspector and a negotiator who has never met her counterpart have until the next tunnel to stop a war starting again.",
    runtimeMinutes: 138,
    certificate: "C15",
    genres: ["Action", "Thriller"],
    languages: ["English", "German"],
    director: "Dmitri Halvorsen",
    cast: ["Grace Adeyemi", "Stellan Voight", "Mateo Ruiz", "Hana Kurosawa"],
    releaseOffsetDays: -52,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer11",
    formats: ["TWO_D", "IMAX"],
    art: {
      motif: "shards",
      background: ["#1c232b", "#3d4651"],
      accents: ["#ff6a13", "#9aa6b2", "#f4f4f4"],
      ink: "#ffffff",
      typeface: "sans",
    },
  },
  {
    slug: "the-glass-orchard",
    title: "The Glass Orchard",
    tagline: "Grow something that cannot break.",
    synopsis:
      "A teenage glassblower inherits her grandfather's orchard, where the fruit is made of glass, and a village that would rather she sold it. " +
      "As the first frost threatens the harvest, she discovers why the trees were planted in the first place.",
    runtimeMinutes: 104,
    certificate: "PG",
    genres: ["Drama", "Family"],
    languages: ["English"],
    director: "Beatrix Lund",
    cast: ["Maya Ellison", "Arthur Quince", "Rosalind Achebe"],
    releaseOffsetDays: 9,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer12",
    formats: ["TWO_D"],
    art: {
      motif: "arches",
      background: ["#0f3b2e", "#1f6b4f"],
      accents: ["#c8f7dc", "#f2c14e", "#7fe0b0"],
      ink: "#f4fff8",
      typeface: "serif",
    },
  },
  {
    slug: "zero-horizon",
    title: "Zero Horizon",
    tagline: "Beyond the edge, there is no way back.",
    synopsis:
      "The first crewed mission to the edge of the solar system loses contact with Earth on the day it crosses the heliopause. " +
      "Its commander must keep four strangers alive and sane aboard a ship that has started making its own decisions.",
    runtimeMinutes: 146,
    certificate: "C12A",
    genres: ["Sci-Fi", "Action"],
    languages: ["English"],
    director: "Sienna Calloway",
    cast: ["Idris Fane", "Margot Lestrange", "Yusuf Adeleke", "Clara Whitmore", "Ren Takahashi"],
    releaseOffsetDays: 12,
    trailerUrl: "https://www.youtube.com/watch?v=mqTrailer13",
    formats: ["TWO_D", "THREE_D", "IMAX"],
    art: {
      motif: "grid",
      background: ["#000814", "#001d3d"],
      accents: ["#00b4ff", "#ffc300", "#e0f2ff"],
      ink: "#e8f6ff",
      typeface: "sans",
    },
  },
  {
    slug: "mister-bramble",
    title: "Mister Bramble",
    tagline: "Small hedgehog. Very big plans.",
    synopsis:
      "A hedgehog with ambitions far above his garden hedge enters the village's Best Kept Garden competition, as a gardener. " +
      "With a crew of snails and one deeply sceptical badger, he has a single summer to grow the biggest marrow Little Wickham has ever seen.",
    runtimeMinutes: 86,
    certificate: "U",
    genres: ["Animation", "Family", "Comedy"],
    languages: ["English"],
    director: "Polly Featherstone",
    cast: ["Bernard Kettle", "Anika Bose", "Geoffrey Lamb", "Ruby Sinclair"],
    releaseOffsetDays: 23,
    trailerUrl: null,
    formats: ["TWO_D", "THREE_D"],
    art: {
      motif: "dots",
      background: ["#b7e07a", "#5fa83a"],
      accents: ["#ff8c42", "#fff5d1", "#3b6e22"],
      ink: "#1f3a12",
      typeface: "sans",
    },
  },
  {
    slug: "la-marea",
    title: "La Marea",
    tagline: "The tide always returns what it takes.",
    synopsis:
      "In a Galician fishing village, a coastguard officer finds her missing brother's boat washed up empty, its engine still warm. " +
      "Her search pulls her into a smuggling network that half the village quietly depends on.",
    runtimeMinutes: 121,
    certificate: "C15",
    genres: ["Thriller", "Drama"],
    languages: ["Spanish", "Galician"],
    director: "Lucía Otero",
    cast: ["Carmen Vidal", "Andrés Salgado", "Paula Iglesias", "Xoán Rivas"],
    releaseOffsetDays: 37,
    trailerUrl: null,
    formats: ["TWO_D"],
    art: {
      motif: "waves",
      background: ["#1e2a2e", "#35524a"],
      accents: ["#9fd8c9", "#e7c79a", "#0e1517"],
      ink: "#f3efe6",
      typeface: "serif",
    },
  },
];

/** The film's generated artwork (scripts/generate-artwork.ts), which the seed renders and stores as an upload. */
export function artworkFile(slug: string, kind: "poster" | "backdrop"): URL {
  return new URL(`./artwork/${kind}s/${slug}.svg`, import.meta.url);
}

/** How the certificate is printed (BBFC style): "12A", not "C12A". */
export function certificateLabel(certificate: Certificate): string {
  return certificate.startsWith("C") ? certificate.slice(1) : certificate;
}
