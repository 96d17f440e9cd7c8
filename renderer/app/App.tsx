import {
  Alert,
  AppBar,
  Box,
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
  createTheme,
  useMediaQuery,
} from '@mui/material';
import { useCallback, useMemo, useRef, useState } from 'react';
import { NavigationContext, type Handover, type Navigation, type PageId } from './navigation';
import { PAGES } from './pages';
import { StatusBar } from './StatusBar';
import { useStatus } from './useStatus';

const DRAWER_WIDTH = 200;
type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'hmc.theme';

export function App() {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const [choice, setChoice] = useState<ThemeChoice>(() => (localStorage.getItem(THEME_KEY) as ThemeChoice | null) ?? 'system');
  const mode = choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;
  const theme = useMemo(() => createTheme({ palette: { mode }, shape: { borderRadius: 6 } }), [mode]);

  const [page, setPage] = useState<PageId>('mailboxes');
  const handoverRef = useRef<Handover | null>(null);
  const [handover, setHandover] = useState<Handover | null>(null);
  const navigate = useCallback((next: PageId, h?: Handover) => {
    handoverRef.current = h ?? null;
    setHandover(h ?? null);
    setPage(next);
  }, []);
  const takeHandover = useCallback(() => {
    const h = handoverRef.current;
    handoverRef.current = null;
    return h;
  }, []);
  const nav: Navigation = useMemo(() => ({ page, handover, navigate, takeHandover }), [page, handover, navigate, takeHandover]);

  const status = useStatus();
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0]!;
  const Page = current.component;

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <NavigationContext.Provider value={nav}>
        <Box sx={{ display: 'flex', height: '100vh', flexDirection: 'column' }}>
          <AppBar position="static" elevation={0} color="primary">
            <Toolbar variant="dense" sx={{ gap: 2 }}>
              <Typography variant="h6" component="h1" sx={{ flexGrow: 1, fontSize: 18 }}>
                Hybrid Mailbox Console
              </Typography>
              <ToggleButtonGroup
                size="small"
                exclusive
                value={choice}
                aria-label="Theme"
                onChange={(_e, v: ThemeChoice | null) => {
                  if (!v) return;
                  setChoice(v);
                  localStorage.setItem(THEME_KEY, v);
                }}
                sx={{ bgcolor: 'background.paper' }}
              >
                <ToggleButton value="system">Auto</ToggleButton>
                <ToggleButton value="light">Light</ToggleButton>
                <ToggleButton value="dark">Dark</ToggleButton>
              </ToggleButtonGroup>
            </Toolbar>
          </AppBar>
          {status.status?.sandbox && (
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
              <Page key={page} />
            </Box>
          </Box>
          <StatusBar state={status} />
        </Box>
      </NavigationContext.Provider>
    </ThemeProvider>
  );
}
