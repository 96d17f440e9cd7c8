/** Search hits; a click looks one up. */
import { Paper, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { RecipientSummary } from '../../shared/exchange/schemas';

export function SearchResults({ results, onPick }: { results: RecipientSummary[]; onPick: (guid: string) => void }) {
  return (
    <Paper variant="outlined" sx={{ mb: 2 }}>
      <Table size="small" data-testid="search-results">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>SamAccountName</TableCell>
            <TableCell>RecipientTypeDetails</TableCell>
            <TableCell>PrimarySmtpAddress</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {results.length === 0 ? (
            <TableRow>
              <TableCell colSpan={4}>No recipient matches.</TableCell>
            </TableRow>
          ) : (
            results.map((r) => (
              <TableRow key={r.Guid ?? r.Identity ?? r.Name} hover sx={{ cursor: 'pointer' }} onClick={() => r.Guid && onPick(r.Guid)}>
                <TableCell>{r.DisplayName ?? r.Name}</TableCell>
                <TableCell>{r.SamAccountName}</TableCell>
                <TableCell>{r.RecipientTypeDetails}</TableCell>
                <TableCell>{r.PrimarySmtpAddress}</TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </Paper>
  );
}
