import {
  Alert,
  AppBar,
  Box,
  Button,
  CssBaseline,
  Drawer,
  List,
  ListItemButton,
  ListItemText,
  ThemeProvider,
  ToggleButton,
  ToggleButtonGroup,
  Toolbar,
  Typography,
  useColorScheme,
} from '@mui/material';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ConnectionAlert } from './ConnectionAlert';
import { NavigationContext, type Handover, type Navigation, type PageId } from './navigation';
import { PAGES } from './pages';
import { StatusBar } from './StatusBar';
import { useStatus } from './useStatus';
import { theme } from './theme';
import { AlertNotifier } from '../notify/AlertNotifier';
import { AboutDialog } from './AboutDialog';
import { OpenLogListener } from './OpenLogListener';
import { modeIndicator } from '../../shared/system/mode';
import { ReconciledBanner } from '../audit/ReconciledBanner';

const DRAWER_WIDTH = 200;
type ThemeChoice = 'system' | 'light' | 'dark';

/** Light, dark or the system's choice; MUI keeps it (and color-scheme.js reads it before the first paint). */
function ThemeToggle() {
  const { mode, setMode } = useColorScheme();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={mode ?? 'system'}
      aria-label="Theme"
      onChange={(_e, v: ThemeChoice | null) => {
        if (v) setMode(v);
      }}
      sx={{ bgcolor: 'background.paper' }}
    >
      <ToggleButton value="system">Auto</ToggleButton>
      <ToggleButton value="light">Light</ToggleButton>
      <ToggleButton value="dark">Dark</ToggleButton>
    </ToggleButtonGroup>
  );
}

export function App() {
  const [page, setPage] = useState<PageId>('mailboxes');
  const handoverRef = useRef<Handover | null>(null);
  /** Counts hand-overs: one to the page already shown (a second log opened with the app) mounts it afresh to take it. */
  const [handovers, setHandovers] = useState(0);
  const navigate = useCallback((next: PageId, h?: Handover) => {
    handoverRef.current = h ?? null;
    if (h) setHandovers((n) => n + 1);
    setPage(next);
  }, []);
  const takeHandover = useCallback(() => {
    const h = handoverRef.current;
    handoverRef.current = null;
    return h;
  }, []);
  const [lookupFocus, setLookupFocus] = useState(0);
  const focusLookup = useCallback(() => {
    setPage('mailboxes');
    setLookupFocus((n) => n + 1);
  }, []);
  const nav: Navigation = useMemo(
    () => ({ page, navigate, takeHandover, lookupFocus, focusLookup }),
    [page, navigate, takeHandover, lookupFocus, focusLookup],
  );

  // Ctrl+K (Cmd+K on macOS) from any page: to the mailbox desk's look-up box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        focusLookup();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusLookup]);

  const status = useStatus();
  const [about, setAbout] = useState(false);
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0]!;
  const Page = current.component;

  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline />
      <NavigationContext.Provider value={nav}>
        <AlertNotifier />
        <OpenLogListener />
        <Box sx={{ display: 'flex', height: '100vh', flexDirection: 'column' }}>
          <AppBar position="static" elevation={0} color="primary">
            <Toolbar variant="dense" sx={{ gap: 2 }}>
              <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
                Hybrid Mailbox Console
              </Typography>
              <ThemeToggle />
              <Button color="inherit" onClick={() => setAbout(true)}>
                About
              </Button>
            </Toolbar>
          </AppBar>
          {status.status && modeIndicator(status.status).sandbox && (
            <Alert
              severity="warning"
              variant="filled"
              role="status"
              data-testid="sandbox-banner"
              sx={{ borderRadius: 0, py: 0, fontWeight: 600 }}
            >
              SANDBOX: changes go to the built-in sandbox Exchange, not to a real server. Configure a host in Settings to work on
              production.
            </Alert>
          )}
          <ConnectionAlert />
          <ReconciledBanner />
          <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
            <Drawer
              variant="permanent"
              sx={{ width: DRAWER_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, position: 'relative' } }}
            >
              <List component="nav" aria-label="Pages">
                {PAGES.map((p) => (
                  <ListItemButton key={p.id} selected={p.id === page} onClick={() => navigate(p.id)}>
                    <ListItemText primary={p.label} />
                  </ListItemButton>
                ))}
              </List>
            </Drawer>
            <Box component="main" sx={{ flex: 1, overflow: 'auto', minWidth: 0 }} data-testid={`page-${page}`}>
              <Page key={`${page}:${handovers}`} />
            </Box>
          </Box>
          <StatusBar state={status} />
          <AboutDialog open={about} onClose={() => setAbout(false)} status={status.status} />
        </Box>
      </NavigationContext.Provider>
    </ThemeProvider>
  );
}
