/**
 * The one theme: light and dark colour schemes as CSS variables (so the scheme chosen before
 * React mounts, by public/color-scheme.js, is the one painted first), one heading scale, and the
 * console's own colour tokens (log levels, XML syntax, charts, check status) so no page hard-codes
 * a colour and dark mode covers everything.
 *
 * Heading scale: a page's title is `h5` (rendered as h2), a section `h6` (h3), a card or group
 * title `subtitle1`; nothing else sets a font size for headings.
 */
import { createTheme } from '@mui/material/styles';

export interface ConsoleColours {
  logError: { bg: string; fg: string };
  logWarning: { bg: string; fg: string };
  selection: string;
  histogramError: string;
  histogramWarning: string;
  xml: { tag: string; attr: string; value: string; masked: string; comment: string; punct: string };
  chart: { axis: string; line: string };
}

declare module '@mui/material/styles' {
  interface Palette {
    console: ConsoleColours;
  }
  interface PaletteOptions {
    console?: ConsoleColours;
  }
}

const light: ConsoleColours = {
  logError: { bg: '#ff0000', fg: '#ffff00' },
  logWarning: { bg: '#ffff00', fg: '#000000' },
  selection: '#1976d2',
  histogramError: '#d00000',
  histogramWarning: '#e6c200',
  xml: { tag: '#1565c0', attr: '#8e24aa', value: '#2e7d32', masked: '#c62828', comment: '#757575', punct: '#9e9e9e' },
  chart: { axis: '#bdbdbd', line: '#1976d2' },
};

const dark: ConsoleColours = {
  logError: { bg: '#b71c1c', fg: '#fff59d' },
  logWarning: { bg: '#8d6e00', fg: '#fffde7' },
  selection: '#90caf9',
  histogramError: '#ef5350',
  histogramWarning: '#ffd54f',
  xml: { tag: '#90caf9', attr: '#ce93d8', value: '#a5d6a7', masked: '#ef9a9a', comment: '#9e9e9e', punct: '#bdbdbd' },
  chart: { axis: '#616161', line: '#90caf9' },
};

export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    light: { palette: { console: light } },
    dark: { palette: { console: dark } },
  },
  shape: { borderRadius: 6 },
  typography: {
    h5: { fontSize: '1.35rem', fontWeight: 600 },
    h6: { fontSize: '1.1rem', fontWeight: 600 },
    subtitle1: { fontSize: '1rem', fontWeight: 600 },
  },
});

export type CheckStatus = 'pass' | 'ok' | 'warn' | 'degraded' | 'fail' | 'failed' | 'skipped' | 'info';

/** A console colour token as a CSS variable, for `style` and SVG (e.g. `consoleVar('xml-tag')`). */
export function consoleVar(token: string): string {
  return `var(--mui-palette-console-${token})`;
}

/** A check status as a CSS variable of the current scheme, for `style` and SVG. */
export function statusVar(status: string): string {
  return `var(--mui-palette-${statusColour(status).replace('.', '-')})`;
}

/** A check status as a theme colour (a palette path for `sx`), the same in both schemes' logic. */
export function statusColour(status: string): string {
  switch (status) {
    case 'pass':
    case 'ok':
      return 'success.main';
    case 'warn':
    case 'degraded':
      return 'warning.main';
    case 'fail':
    case 'failed':
      return 'error.main';
    case 'info':
      return 'info.main';
    default:
      return 'text.disabled';
  }
}
