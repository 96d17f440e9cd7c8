/** The masked raw XML of each document given, one tab per document. */
import { Tab, Tabs } from '@mui/material';
import { useState } from 'react';
import type { PlanInspection } from '../../shared/plans/schemas';
import type { Slot } from './slots';
import { Section } from './Section';
import { XmlView } from './XmlView';

const ROLES: readonly Slot[] = ['document', 'result', 'application'];

export function RawXml({ raw }: { raw: NonNullable<PlanInspection['raw']> }) {
  const [tab, setTab] = useState<Slot>('document');
  const present = ROLES.filter((k) => raw[k] !== null);
  if (present.length === 0) return null;
  const shown = present.includes(tab) ? tab : 'document';
  return (
    <Section title="Raw XML (read-only, secrets masked)">
      {present.length > 1 && (
        <Tabs value={shown} onChange={(_e, v: Slot) => setTab(v)} sx={{ mb: 1 }}>
          {present.map((k) => <Tab key={k} value={k} label={k} />)}
        </Tabs>
      )}
      <XmlView xml={raw[shown] ?? ''} label="Raw XML" />
    </Section>
  );
}
