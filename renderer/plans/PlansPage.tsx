/**
 * Plans: paste, drop or open an IdentityIQ / IQService XML document (or arrive with one from
 * another page, or pick one the rules logged), and see what the mailbox rules would do with it.
 * The calls and their clean-up are usePlans'; the parts are small components.
 */
import { Alert, Box, Divider, Typography } from '@mui/material';
import { IncomingPlans } from './IncomingPlans';
import { InspectionView } from './InspectionView';
import { PlanInput } from './PlanInput';
import { usePlans } from './usePlans';

export default function PlansPage() {
  const plans = usePlans();
  const { result, fromLog, error } = plans;
  return (
    <Box sx={{ p: 3, maxWidth: 1280 }}>
      <Typography variant="h5" component="h2" sx={{ mb: 1 }}>Plan inspector</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Decodes IdentityIQ / IQService XML (ProvisioningPlan, AccountRequest, ServiceResult, Application, Rule) and explains what the
        after-create and after-modify mailbox rules would do. Secrets are masked; nothing is changed anywhere.
      </Typography>
      <IncomingPlans incoming={plans.incoming} onOpen={plans.openIncoming} />
      <PlanInput plans={plans} />
      {error && <Alert severity="error" sx={{ mb: 2 }} data-testid="plan-error">{error}</Alert>}
      <Box ref={plans.resultsRef} sx={{ scrollMarginTop: 16 }}>
        {result && (
          <>
            <Divider sx={{ mb: 2 }} />
            {fromLog && (
              <Alert severity={fromLog.outcome === 'failed' ? 'error' : fromLog.outcome === 'succeeded' ? 'success' : 'info'} sx={{ mb: 2 }} data-testid="incoming-context">
                Logged {fromLog.time?.replace('T', ' ') ?? ''} in {fromLog.file}. The log shows it <b>{fromLog.outcome}</b>
                {fromLog.evidence ? `: ${fromLog.evidence}` : '.'}
              </Alert>
            )}
            <InspectionView r={result} />
          </>
        )}
      </Box>
    </Box>
  );
}
