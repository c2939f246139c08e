// Minimal types for fontkit (the font engine PDFKit uses); the package ships none. The writer only parses
// a font once per process and hands the parsed font to PDFKit.
declare module "fontkit" {
  export interface Font {
    postscriptName: string;
    layout(text: string): unknown;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Uint8Array): Font;
}
