// Every detector, once: the pipeline runs them in this order. Adding a detector = one module + one line here.
import type { AnomalyStore } from '../anomalies/anomaly-store';
import { AuthBruteforceDetector } from './auth-bruteforce';
import { C2BeaconingDetector } from './c2-beaconing';
import { ExfiltrationDetector } from './exfiltration';
import { FirmwareEolDetector } from './firmware-eol';
import { FirmwareVulnerableDetector } from './firmware-vulnerable';
import { ImpossibleTravelDetector } from './impossible-travel';
import { IocContactDetector } from './ioc-contact';
import { LateralMovementDetector } from './lateral-movement';
import { NewDeviceLoginDetector } from './new-device-login';
import { NewExternalDestinationDetector } from './new-external-destination';
import type { Detector } from './types';
import { UnexpectedOfflineDetector } from './unexpected-offline';
import type { UserActivity } from './user-activity';
import type { IndicatorLabels } from '../intel/intel-store';
import { CredentialAccessDetector } from './credential-access';
import { ExecutableDownloadDetector } from './executable-download';
import { UntrustedCertificateDetector } from './untrusted-certificate';
import { IdsAlertDetector } from './ids-alert';
import { RemoteExecutionDetector } from './remote-execution';
import { NewAdminLogonSourceDetector } from './new-admin-logon-source';
import { AdminLogonStore } from './admin-logon-store';
import type { SqlRunner } from '../db/sql';

export function createDetectors(users: UserActivity, intel: IndicatorLabels, anomalies: Pick<AnomalyStore, 'openSubjects'>, db: SqlRunner): Detector[] {
  return [
    new LateralMovementDetector(),
    new C2BeaconingDetector(),
    new IocContactDetector(intel),
    new NewExternalDestinationDetector(),
    new ExfiltrationDetector(),
    new UnexpectedOfflineDetector(anomalies),
    new AuthBruteforceDetector(),
    new ImpossibleTravelDetector(users),
    new NewDeviceLoginDetector(users),
    new FirmwareEolDetector(),
    new FirmwareVulnerableDetector(),
    new CredentialAccessDetector(),
    new RemoteExecutionDetector(),
    new IdsAlertDetector(),
    new ExecutableDownloadDetector(),
    new UntrustedCertificateDetector(),
    new NewAdminLogonSourceDetector(new AdminLogonStore(db)),
  ];
}
