import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIX, fixture, inspect, attrs, SECRETS_IN_FIXTURES, request, APP } from './inspect-support';

describe('fixtures', () => {
  const files = readdirSync(FIX).filter((f) => f.endsWith('.xml'));
  it('covers every fixture file', () => {
    expect(files.sort()).toEqual([
      'account-request-joiner-create.xml',
      'application-ad-exchhost-fragment.xml',
      'env-application-map.xml',
      'provisioning-plan-joiner.xml',
      'service-result-created-on-server.xml',
      'service-result-errors.xml',
    ]);
  });

  it.each(files)('%s: parses, and no secret survives in the JSON or the raw XML', (f) => {
    const r = inspect({ document: fixture(f), includeRaw: true });
    const json = JSON.stringify(r);
    for (const s of SECRETS_IN_FIXTURES) expect(json).not.toContain(s);
    expect(r.raw!.document).toContain('<');
  });

  it('account request: every value form and the masked password', () => {
    const r = inspect({ document: fixture('account-request-joiner-create.xml') });
    expect(r.kind).toBe('AccountRequest');
    expect(r.accountRequests).toHaveLength(1);
    const a = r.accountRequests[0]!;
    expect(a).toMatchObject({ application: 'AD - corp.example.org', op: 'Create', opDefaulted: false });
    expect(a.nativeIdentity).toBe("CN=Ana O'Brien,OU=Joiners,OU=Staff,DC=corp,DC=example,DC=org");
    expect(a.arguments).toEqual({ forceNewAccount: 'true', interface: 'LCM', operation: 'Create' });
    const v = attrs(r);
    expect(v.sn).toBe("O'Brien");
    expect(v.displayName).toBe('Ana O’Brien');
    expect(v.description).toBe('Joiner – created by IdentityIQ on 2025-03-03');
    expect(v.manager).toBeNull();
    expect(v['*password*']).toBe('********');
    expect(a.attributeRequests.find((x) => x.name === '*password*')!.masked).toBe(true);
    expect(v.pwdLastSet).toBe(true);
    expect(v.IIQDisabled).toBe(false);
    expect(v.hideFromGal).toBe(false);
    expect(v.memberOf).toEqual([
      'CN=GG-All-Staff,OU=Groups,DC=corp,DC=example,DC=org',
      'CN=GG-M365-E3-Licensed,OU=Groups,DC=corp,DC=example,DC=org',
    ]);
    expect(a.attributeRequests.find((x) => x.name === 'memberOf')!.op).toBe('Add');
  });

  it('provisioning plan: header, typed Boolean argument, requesters, null entry', () => {
    const r = inspect({ document: fixture('provisioning-plan-joiner.xml') });
    expect(r.kind).toBe('ProvisioningPlan');
    expect(r.plan).toMatchObject({
      nativeIdentity: 'Ana.OBrien',
      trackingId: '6f0d3c2b9a8e4f1d8c7b6a5e4d3c2b1a',
      arguments: { identityRequestId: '0000004711', requester: 'spadmin', source: 'LCM', attachmentConfigList: null },
      requesters: [{ name: 'spadmin', id: 'c0a8012e8f3a1b2c818f3a9d4e5f0001', class: 'sailpoint.object.Identity' }],
    });
    expect(r.accountRequests[0]!.arguments.noLocking).toBe(true);
    expect(r.accountRequests[0]!.targetIntegration).toBe('AD - corp.example.org');
  });

  it('service results: errors, warnings and createdOnServer', () => {
    const ok = inspect({ document: fixture('service-result-created-on-server.xml') });
    expect(ok.kind).toBe('ServiceResult');
    expect(ok.result).toEqual({ errors: [], warnings: [], attributes: { createdOnServer: 'dc02.corp.example.org' } });
    const bad = inspect({ document: fixture('service-result-errors.xml') });
    expect(bad.result!.errors).toHaveLength(2);
    expect(bad.result!.errors[0]).toMatch(/^Enable-RemoteMailbox failed for 'aobrien'/);
    expect(bad.result!.warnings).toHaveLength(1);
    expect(bad.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['RESULT_ERRORS', 'REPLICATION_LAG']));
  });

  it('application and bare Map: Exchange hosts, IQService, native rules, masked passwords', () => {
    for (const f of ['application-ad-exchhost-fragment.xml', 'env-application-map.xml']) {
      const r = inspect({ document: fixture(f) });
      expect(r.kind).toBe(f.startsWith('env') ? 'Map' : 'Application');
      expect(r.exchangeHosts).toEqual(['exch01.corp.example.org', 'exch02.corp.example.org']);
      expect(r.application).toMatchObject({
        iqServiceHost: 'iqs01.corp.example.org',
        iqServicePort: 5051,
        nativeRules: ['AD - AfterCreate - Enable RemoteMailbox', 'AD - AfterModify - Hide From GAL'],
      });
      const ex = r.application!.attributes.exchangeSettings as Array<Record<string, unknown>>;
      expect(ex[0]!.password).toBe('********');
      expect(ex[0]!.user).toBe('CORP\\svc-iiq-exch');
      expect(r.findings.map((x) => x.code)).not.toContain('EXCHHOST_MISSING');
    }
    const app = inspect({ document: fixture('application-ad-exchhost-fragment.xml') });
    expect(app.application).toMatchObject({ name: 'AD - corp.example.org', type: 'Active Directory - Direct', iqServiceTls: true });
    expect(app.application!.attributes.afterProvisioningRule).toBeNull();
  });

  it('request + result + application: the after-create decision explains every check', () => {
    const r = inspect({
      document: fixture('account-request-joiner-create.xml'),
      result: fixture('service-result-created-on-server.xml'),
      application: fixture('application-ad-exchhost-fragment.xml'),
    });
    const create = r.decisions.find((d) => d.rule === 'ConnectorAfterCreate')!;
    // The fixture has no flow argument: the reference rule does nothing.
    expect(create.action).toBe('none');
    const byName = Object.fromEntries(create.checks.map((c) => [c.name, c]));
    expect(byName['flow is Joiner']).toMatchObject({ status: 'fail' });
    expect(byName['flow is Joiner']!.evidence).toMatch(/no "flow" argument/);
    expect(byName['result has no errors']!.status).toBe('pass');
    expect(byName['ObjectType is User']!.status).toBe('pass');
    expect(byName['op is Create']!.status).toBe('pass');
    expect(byName['Exchange host configured']!.status).toBe('pass');
    expect(r.findings.find((f) => f.code === 'FLOW_MISSING')).toMatchObject({ severity: 'warning', request: 0 });
    expect(create.identity).toBe('aobrien');
    expect(create.remoteRoutingAddress).toBe('aobrien@corpexample.mail.onmicrosoft.com');
    expect(create.exchangeHost).toBe('exch01.corp.example.org');
    expect(r.documents.map((d) => d.role)).toEqual(['document', 'result', 'application']);
  });
});

describe('value forms', () => {
  it('decodes value=, <Value>, <value>, List of String/Map, Boolean, Integer, Date, Reference, null', () => {
    const doc = `<ProvisioningPlan>
  <AccountRequest application="AD" nativeIdentity="x" op="Modify">
    <Attributes><Map>
      <entry key="str" value="a &amp; b &lt;c&gt; &#x41;&#66; &apos;q&quot;"/>
      <entry key="typed"><value><String>typed</String></value></entry>
      <entry key="int"><value><Integer>42</Integer></value></entry>
      <entry key="date"><value><Date>1757265292372</Date></value></entry>
      <entry key="t"><value><Boolean>true</Boolean></value></entry>
      <entry key="f"><value><Boolean></Boolean></value></entry>
      <entry key="f2"><value><Boolean/></value></entry>
      <entry key="nothing"/>
      <entry key="listOfMaps"><value><List><Map><entry key="k" value="v"/></Map><Map><entry key="n"><value><Integer>7</Integer></value></entry></Map></List></value></entry>
      <entry key="ref"><value><Reference class="sailpoint.object.Identity" id="1" name="spadmin"/></value></entry>
      <entry key="mixed"><value><List><String>a</String><Boolean>true</Boolean><Integer>3</Integer></List></value></entry>
      <entry key="__proto__" value="polluted"/>
      <entry key="text"><value>plain text</value></entry>
    </Map></Attributes>
    <AttributeRequest name="single" op="Set" value="one"/>
    <AttributeRequest name="multi" op="Add"><Value><List><String>a</String><String>b</String></List></Value></AttributeRequest>
    <AttributeRequest name="bool" op="Set"><Value><Boolean>true</Boolean></Value></AttributeRequest>
    <AttributeRequest name="boolFalse" op="Set"><Value><Boolean></Boolean></Value></AttributeRequest>
    <AttributeRequest name="int" op="Set"><Value><Integer>-5</Integer></Value></AttributeRequest>
    <AttributeRequest name="cleared" op="Set"/>
    <AttributeRequest name="defaultOp" value="x"/>
    <AttributeRequest name="cdata" op="Set"><Value><String><![CDATA[<not a tag> &amp;]]></String></Value></AttributeRequest>
  </AccountRequest>
</ProvisioningPlan>`;
    const r = inspect({ document: doc });
    const a = r.accountRequests[0]!.arguments;
    expect(a.str).toBe(`a & b <c> AB 'q"`);
    expect(a.typed).toBe('typed');
    expect(a.int).toBe(42);
    expect(a.date).toBe(new Date(1757265292372).toISOString());
    expect(a.t).toBe(true);
    expect(a.f).toBe(false);
    expect(a.f2).toBe(false);
    expect(a.nothing).toBeNull();
    expect(a.listOfMaps).toEqual([{ k: 'v' }, { n: 7 }]);
    expect(a.ref).toEqual({ class: 'sailpoint.object.Identity', id: '1', name: 'spadmin' });
    expect(a.mixed).toEqual(['a', true, 3]);
    expect(a['[__proto__]']).toBe('polluted');
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(a.text).toBe('plain text');
    const v = attrs(r);
    expect(v).toMatchObject({ single: 'one', multi: ['a', 'b'], bool: true, boolFalse: false, int: -5, cleared: null, cdata: '<not a tag> &amp;' });
    expect(r.accountRequests[0]!.attributeRequests.find((x) => x.name === 'defaultOp')!.op).toBe('Add');
  });

  it('an AccountRequest without op is a Modify (IIQ default), flagged', () => {
    const r = inspect({ document: request({ flow: 'Leaver' }) });
    expect(r.accountRequests[0]).toMatchObject({ op: 'Modify', opDefaulted: true });
    expect(r.findings.map((f) => f.code)).toContain('OP_DEFAULTED');
  });
});

describe('roots', () => {
  it('ProvisioningProject: compiled plans are used, MasterPlan is the fallback', () => {
    const doc = `<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE ProvisioningProject PUBLIC "sailpoint.dtd" "sailpoint.dtd">
<ProvisioningProject identity="Ana.OBrien">
  <MasterPlan><ProvisioningPlan nativeIdentity="Ana.OBrien"><AccountRequest application="AD" op="Create"><AttributeRequest name="x" value="master"/></AccountRequest>
    <Attributes><Map><entry key="source" value="LCM"/></Map></Attributes></ProvisioningPlan></MasterPlan>
  <ProvisioningPlan targetIntegration="AD"><AccountRequest application="AD" nativeIdentity="CN=a" op="Create"><Attributes><Map><entry key="flow" value="Joiner"/></Map></Attributes><AttributeRequest name="sAMAccountName" value="aobrien"/><ProvisioningResult status="committed"/></AccountRequest></ProvisioningPlan>
  <ProvisioningPlan targetIntegration="IIQ"><AccountRequest application="IIQ" op="Modify"><AttributeRequest name="assignedRoles" op="Add" value="Staff"/></AccountRequest></ProvisioningPlan>
</ProvisioningProject>`;
    const r = inspect({ document: doc });
    expect(r.kind).toBe('ProvisioningProject');
    expect(r.accountRequests.map((a) => a.application)).toEqual(['AD', 'IIQ']);
    expect(r.accountRequests[0]).toMatchObject({ provisioningResult: 'committed', origin: 'ProvisioningPlan[1]' });
    expect(r.plan!.arguments).toEqual({ source: 'LCM' });
    const masterOnly = inspect({ document: `<ProvisioningProject><MasterPlan><ProvisioningPlan><AccountRequest application="AD" op="Create"/></ProvisioningPlan></MasterPlan></ProvisioningProject>` });
    expect(masterOnly.accountRequests.map((a) => a.origin)).toEqual(['MasterPlan']);
  });

  it('Rule: flags, source, and the setup findings', () => {
    const rule = (attrs: string, source: string) => `<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE Rule PUBLIC "sailpoint.dtd" "sailpoint.dtd">
<Rule language="beanshell" name="AD - AfterCreate" type="ConnectorAfterCreate">
  <Attributes><Map>${attrs}</Map></Attributes>
  <Source><![CDATA[${source}]]></Source>
</Rule>`;
    const good = inspect({
      document: rule(
        '<entry key="ObjectOrientedScript" value="true"/><entry key="extension" value=".ps1"/><entry key="program" value="powershell.exe"/><entry key="timeout" value="300"/><entry key="disabled" value="false"/>',
        "Add-Type -Path Utils.dll\n& $command -requestString $requestAsString\nif ($a -lt 3 && $b) { 'x' }",
      ),
    });
    expect(good.kind).toBe('Rule');
    expect(good.rule).toMatchObject({ name: 'AD - AfterCreate', type: 'ConnectorAfterCreate', objectOrientedScript: true, extension: '.ps1', program: 'powershell.exe', timeout: 300, disabled: false });
    expect(good.rule!.source).toContain('& $command -requestString $requestAsString');
    expect(good.rule!.source).toContain('-lt 3 && $b');
    expect(good.findings).toEqual([]);

    const bad = inspect({
      document: rule(
        '<entry key="objectOrientedScript" value="true"/><entry key="timeout" value="10"/><entry key="disabled"><value><Boolean>true</Boolean></value></entry>',
        "$requestAsString = $env:Request\nInvoke-Expression ($command + \" -requestString '$requestAsString'\")\n$p = ConvertTo-SecureString 'Sup3rS3cret!' -AsPlainText -Force",
      ),
      includeRaw: true,
    });
    const codes = bad.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['RULE_OOS_SPELLING', 'RULE_TIMEOUT_SHORT', 'RULE_DISABLED', 'RULE_INVOKE_EXPRESSION']));
    expect(bad.findings.find((f) => f.code === 'RULE_INVOKE_EXPRESSION')!.severity).toBe('error');
    expect(bad.findings.find((f) => f.code === 'RULE_OOS_SPELLING')!.severity).toBe('error');
    expect(JSON.stringify(bad)).not.toContain('Sup3rS3cret!');

    const noTimeout = inspect({ document: rule('<entry key="ObjectOrientedScript" value="true"/>', 'x') });
    expect(noTimeout.findings.find((f) => f.code === 'RULE_TIMEOUT_SHORT')!.message).toMatch(/default: 10 s/);
  });

  it('Application without ExchHost, and with an IP address', () => {
    expect(inspect({ document: '<Map><entry key="IQServiceHost" value="iqs"/></Map>' }).findings.map((f) => f.code)).toContain('EXCHHOST_MISSING');
    const ip = inspect({ document: '<Application name="AD"><Attributes><Map><entry key="exchangeSettings"><value><List><Map><entry key="ExchHost"><value><List><String>10.0.0.5</String></List></value></entry></Map></List></value></entry></Map></Attributes></Application>' });
    expect(ip.exchangeHosts).toEqual(['10.0.0.5']);
    expect(ip.findings.map((f) => f.code)).toContain('EXCHHOST_IP');
  });

  it('ServiceResult with another layout: Errors/Warnings strings and entries found anywhere', () => {
    const r = inspect({ document: `<ServiceResult><Errors><String>boom</String></Errors><Deep><Inner><entry key="createdOnServer" value="dc9"/></Inner></Deep><Warnings>careful</Warnings><Errors><List><String>two</String></List></Errors></ServiceResult>` });
    expect(r.result).toEqual({ errors: ['boom', 'two'], warnings: ['careful'], attributes: { createdOnServer: 'dc9' } });
  });
});

describe('decisions', () => {
  it('joiner Create with flow: enable-remote-mailbox with SAM@routing domain on the first ExchHost', () => {
    const r = inspect({ document: request({ op: 'Create', flow: 'Joiner', rra: 'blee@tenant.mail.onmicrosoft.com' }), result: '<ServiceResult/>', application: APP });
    const d = r.decisions.find((x) => x.rule === 'ConnectorAfterCreate')!;
    expect(d).toMatchObject({ request: 0, action: 'enable-remote-mailbox', identity: 'blee', remoteRoutingAddress: 'blee@tenant.mail.onmicrosoft.com', exchangeHost: 'exch01.corp.example.org', conclusive: true });
    expect(d.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(r.decisions.find((x) => x.rule === 'ConnectorAfterModify')!.action).toBe('none');
    expect(r.findings.map((f) => f.code)).not.toContain('FLOW_MISSING');
  });

  it('routing domain: request attribute, else --routing-domain / settings, else unknown', () => {
    const doc = request({ op: 'Create', flow: 'joiner' });
    const given = inspect({ document: doc, routingDomain: 'contoso.mail.onmicrosoft.com', routingDomainSource: 'settings' });
    const d = given.decisions[0]!;
    expect(d.remoteRoutingAddress).toBe('blee@contoso.mail.onmicrosoft.com');
    expect(d.checks.find((c) => c.name === 'routing domain known')!.evidence).toMatch(/settings/);
    expect(given.routingDomain).toEqual({ value: 'contoso.mail.onmicrosoft.com', source: 'settings' });
    const none = inspect({ document: doc });
    expect(none.decisions[0]).toMatchObject({ action: 'enable-remote-mailbox', remoteRoutingAddress: null, conclusive: false });
    expect(none.decisions[0]!.checks.find((c) => c.name === 'routing domain known')!.status).toBe('unknown');
    expect(none.routingDomain).toEqual({ value: null, source: 'none' });
  });

  it('a result with errors stops the after-create rule', () => {
    const r = inspect({ document: request({ op: 'Create', flow: 'Joiner' }), result: '<ServiceResult><Errors><List><String>failed</String></List></Errors></ServiceResult>' });
    expect(r.decisions[0]!.action).toBe('none');
    expect(r.decisions[0]!.checks[0]).toMatchObject({ name: 'result has no errors', status: 'fail' });
  });

  it('ObjectType other than User and missing sAMAccountName fail', () => {
    expect(inspect({ document: request({ op: 'Create', flow: 'Joiner', objectType: 'Contact' }) }).decisions[0]!.action).toBe('none');
    const noSam = inspect({ document: request({ op: 'Create', flow: 'Joiner', sam: null }) });
    expect(noSam.decisions[0]!.action).toBe('none');
    expect(noSam.decisions[0]!.checks.find((c) => c.name === 'sAMAccountName present')!.status).toBe('fail');
  });

  it('leaver Modify / Disable: hide-from-address-lists; Delete and Create do nothing', () => {
    for (const op of ['Modify', 'Disable']) {
      const r = inspect({ document: request({ op, flow: 'Leaver', sam: null }), application: APP });
      const d = r.decisions.find((x) => x.rule === 'ConnectorAfterModify')!;
      expect(d).toMatchObject({ action: 'hide-from-address-lists', identity: 'CN=Bo Lee,OU=Staff,DC=corp,DC=example,DC=org' });
      expect(r.decisions.find((x) => x.rule === 'ConnectorAfterCreate')!.action).toBe('none');
    }
    expect(inspect({ document: request({ op: 'Delete', flow: 'Leaver' }) }).decisions.every((d) => d.action === 'none')).toBe(true);
  });

  it('a Disable without flow is a leaver; a rehire (flow Rehire, or Enable) unhides', () => {
    const modify = (doc: string) => inspect({ document: doc, application: APP }).decisions.find((x) => x.rule === 'ConnectorAfterModify')!;
    expect(modify(request({ op: 'Disable', sam: null }))).toMatchObject({ action: 'hide-from-address-lists', conclusive: false });
    const rehire = modify(request({ op: 'Modify', flow: 'Rehire' }));
    expect(rehire).toMatchObject({ action: 'unhide-from-address-lists', identity: 'blee' });
    expect(rehire.reason).toMatch(/HiddenFromAddressListsEnabled \$false/);
    expect(modify(request({ op: 'Enable' })).action).toBe('unhide-from-address-lists');
    // A rehire whose result failed shows the rehire branch's checks, not the leaver's.
    const failed = inspect({ document: request({ op: 'Modify', flow: 'Rehire' }), result: '<ServiceResult><Errors><List><String>x</String></List></Errors></ServiceResult>' });
    const d = failed.decisions.find((x) => x.rule === 'ConnectorAfterModify')!;
    expect(d.action).toBe('none');
    expect(d.checks.map((c) => c.name)).toContain('rehire: flow is Rehire, or op is Enable');
  });

  it('the settings: configured hosts count, the routing template shapes the address, the AD application is checked when set', () => {
    const r = inspect({ document: request({ op: 'Create', flow: 'Joiner' }), result: '<ServiceResult/>', routingDomain: 't.mail.onmicrosoft.com', configuredHosts: ['exch09.corp.example.org'], routingTemplate: 'x-{sAMAccountName}@{routingDomain}' });
    const d = r.decisions[0]!;
    expect(d).toMatchObject({ action: 'enable-remote-mailbox', conclusive: true, exchangeHost: 'exch09.corp.example.org', remoteRoutingAddress: 'x-blee@t.mail.onmicrosoft.com' });
    expect(d.checks.find((c) => c.name === 'Exchange host configured')!.status).toBe('pass');
    expect(d.checks.map((c) => c.name)).not.toContain('application is the AD application');
    const other = inspect({ document: request({ op: 'Create', flow: 'Joiner' }), adApplication: 'AD - corp.example.org' });
    expect(other.decisions[0]!.action).toBe('none');
    expect(other.decisions[0]!.checks.find((c) => c.name === 'application is the AD application')!.status).toBe('fail');
  });

  it('missing flow: none, flow check fails, finding explains the reference rule needs it', () => {
    const r = inspect({ document: request({ op: 'Modify' }) });
    const d = r.decisions.find((x) => x.rule === 'ConnectorAfterModify')!;
    expect(d.action).toBe('none');
    expect(d.checks.find((c) => c.name === 'leaver: flow is Leaver, or op is Disable')).toMatchObject({ status: 'fail' });
    expect(d.reason).toMatch(/flow is Leaver/);
    expect(r.findings.find((f) => f.code === 'FLOW_MISSING')!.message).toMatch(/reference rules act only when flow is Joiner/);
  });

  it('application without ExchHost: the host check fails', () => {
    const r = inspect({ document: request({ op: 'Create', flow: 'Joiner' }), application: '<Map/>' });
    expect(r.decisions[0]!.checks.find((c) => c.name === 'Exchange host configured')!.status).toBe('fail');
    expect(r.decisions[0]!.action).toBe('none');
  });

  it('a plan with several account requests gets decisions per request', () => {
    const doc = `<ProvisioningPlan nativeIdentity="x">${request({ op: 'Create', flow: 'Joiner', sam: 'one' })}${request({ op: 'Disable', flow: 'Leaver', sam: 'two' })}${request({ op: 'Modify', sam: 'three' })}</ProvisioningPlan>`;
    const r = inspect({ document: doc, routingDomain: 't.mail.onmicrosoft.com' });
    expect(r.accountRequests).toHaveLength(3);
    expect(r.decisions).toHaveLength(6);
    const act = r.decisions.filter((d) => d.action !== 'none').map((d) => [d.request, d.action, d.identity]);
    expect(act).toEqual([
      [0, 'enable-remote-mailbox', 'one'],
      [1, 'hide-from-address-lists', 'two'],
    ]);
    expect(r.findings.filter((f) => f.code === 'FLOW_MISSING').map((f) => f.request)).toEqual([2]);
  });
});
