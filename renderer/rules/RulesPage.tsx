/**
 * Rules: the ConnectorAfterCreate / ConnectorAfterModify native rules the console generates from its
 * settings (preview and save the script, the Rule XML and the nativeRules snippet), and the replay
 * harness that runs a rule (the console's or the admin's own) as IQService would, here.
 */
import { Box, Stack, Typography } from '@mui/material';
import { GeneratePanel } from './GeneratePanel';
import { ReplayForm } from './ReplayForm';
import { ReplayReportView } from './ReplayReportView';
import { RuleSettingsForm } from './RuleSettingsForm';
import { useRules } from './useRules';

export default function RulesPage() {
  const rules = useRules();
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" component="h2" sx={{ mb: 0.5 }}>Rule kit</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        The IQService native rules this console is built around, generated from its settings and hardened (one host per URI, timeouts within a budget,
        idempotent, no credential from the plan, a RESULT line per run), and a replay that proves a rule before it reaches IQService.
      </Typography>
      <Stack sx={{ gap: 2 }}>
        <RuleSettingsForm rules={rules} />
        <GeneratePanel rules={rules} />
        <ReplayForm rules={rules} />
        {rules.report && <ReplayReportView report={rules.report} onOpenLog={rules.openLog} />}
      </Stack>
    </Box>
  );
}
