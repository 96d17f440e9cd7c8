/** The generated rule for one kind: what it carries, its script, Rule XML and nativeRules snippet, and saving them. */
import { Alert, Box, Button, Chip, Paper, Stack, Tab, Tabs, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useState } from 'react';
import type { RuleKind } from '../../shared/rules/decision';
import { downloadText } from '../connectivity/download';
import type { RulesState } from './useRules';

const TABS = ['Script', 'Rule XML', 'Application snippet'] as const;

export function GeneratePanel({ rules }: { rules: RulesState }) {
  const [tab, setTab] = useState(0);
  const g = rules.generated;
  const content = g ? [g.script, g.ruleXml, g.snippet][tab]! : '';
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="rules-generate">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="h6" component="h3" id="rules-generate">Generated rule</Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={rules.kind}
          onChange={(_e, v: RuleKind | null) => v && rules.setKind(v)}
          aria-label="Rule kind"
        >
          <ToggleButton value="after-create">ConnectorAfterCreate</ToggleButton>
          <ToggleButton value="after-modify">ConnectorAfterModify</ToggleButton>
        </ToggleButtonGroup>
        {g && (
          <>
            <Button variant="contained" size="small" onClick={() => g.files.forEach((f) => downloadText(f.name, f.mimeType, f.content))}>
              Save all three files
            </Button>
            {g.files.map((f) => (
              <Button key={f.name} size="small" variant="outlined" sx={{ textTransform: 'none' }} onClick={() => downloadText(f.name, f.mimeType, f.content)}>
                {f.name}
              </Button>
            ))}
          </>
        )}
      </Stack>
      {rules.generateError && <Alert severity="error" sx={{ mb: 1 }}>{rules.generateError}</Alert>}
      {g && (
        <>
          <Stack direction="row" sx={{ gap: 0.75, flexWrap: 'wrap', mb: 1 }} data-testid="rule-summary">
            <Chip size="small" label={`"${g.ruleName}"`} />
            <Chip size="small" label={`hosts: ${g.summary.hosts.length ? g.summary.hosts.join(', ') : "the Application's ExchHost"}`} />
            <Chip size="small" label={`routing: ${g.summary.routingTemplate.replace('{routingDomain}', g.summary.routingDomain ?? '{routingDomain}')}`} />
            <Chip size="small" label={`timeout ${g.summary.timeoutSeconds} s, budget ${g.summary.budgetSeconds} s`} />
            <Chip size="small" label={`credential: ${g.summary.credential === 'kerberos' ? "IQService account's Kerberos identity" : 'DPAPI file on the IQService host'}`} />
            <Chip size="small" label={`failure mail: ${g.summary.mail === 'smtp' ? 'sent by the rule' : "the console's watcher"}`} />
            <Chip size="small" label={`log: ${g.summary.logFile}`} />
          </Stack>
          {g.warnings.map((w) => (
            <Alert key={w} severity="warning" sx={{ mb: 1 }}>{w}</Alert>
          ))}
          <Tabs value={tab} onChange={(_e, v: number) => setTab(v)} aria-label="Generated files">
            {TABS.map((t) => (
              <Tab key={t} label={t} />
            ))}
          </Tabs>
          <Box
            component="pre"
            data-testid="rule-preview"
            aria-label={`${TABS[tab]} preview`}
            sx={{ m: 0, mt: 1, p: 1.5, maxHeight: 420, overflow: 'auto', fontSize: 12, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre' }}
          >
            {content}
          </Box>
        </>
      )}
    </Paper>
  );
}
