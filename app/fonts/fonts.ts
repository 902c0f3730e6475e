// The site's typefaces: Geist (the `geist` package's variable fonts, OFL, see OFL.txt), loaded through next/font/local
// with `font-display: swap`, so text shows at once in a metric-matched fallback and never waits for a font.
//
// Only the font that every page's text needs is preloaded, and it is cut down to Latin (Geist-Variable-latin.woff2,
// 32 KB instead of the whole font's 70 KB): the preloaded bytes arrive before anything else on a slow phone
// connection, so they delay the largest paint. Made with fontTools from the package's Geist-Variable.woff2:
//   pyftsubset Geist-Variable.woff2 --layout-features='*' --flavor=woff2 --output-file=Geist-Variable-latin.woff2 \
//     --unicodes="U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
// Any other character (a Polish or Cyrillic name, say) comes from the whole font, which a browser downloads only for
// a page that has such a character. Geist Mono (ticket codes and references) is not preloaded either.
import localFont from "next/font/local";

/** Latin: preloaded; no fallback of its own, so a missing glyph goes on to `geistSansRest` (see globals.css). */
export const geistSans = localFont({
  src: "./Geist-Variable-latin.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  adjustFontFallback: false,
  fallback: [],
  declarations: [
    {
      prop: "unicode-range",
      value:
        "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
    },
  ],
});

/** Everything past Latin, from the whole font; its metric-matched fallback stands in while either face loads. */
export const geistSansRest = localFont({
  src: "../../node_modules/geist/dist/fonts/geist-sans/Geist-Variable.woff2",
  variable: "--font-geist-sans-rest",
  weight: "100 900",
  preload: false,
  declarations: [{ prop: "unicode-range", value: "U+0100-FFFF" }],
});

export const geistMono = localFont({
  src: "../../node_modules/geist/dist/fonts/geist-mono/GeistMono-Variable.woff2",
  variable: "--font-geist-mono",
  weight: "100 900",
  preload: false,
  adjustFontFallback: false,
  fallback: ["ui-monospace", "SFMono-Regular", "Roboto Mono", "Menlo", "Monaco", "Liberation Mono", "DejaVu Sans Mono", "Courier New", "monospace"],
});
