/** The content types of the renderer build's files, for both doors that serve it (app:// and the web host). */
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The type of a file by its extension (any case); anything else is served as bytes. */
export function rendererMime(ext: string): string {
  return MIME[ext.toLowerCase()] ?? 'application/octet-stream';
}
