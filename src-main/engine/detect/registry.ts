// Every detector, once: the pipeline runs them in this order. Adding a detector = one module + one line here.
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { Db } from '../db/open';
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

export function createDetectors(db: Db, users: UserActivity, anomalies: AnomalyStore): Detector[] {
  return [
    new LateralMovementDetector(),
    new C2BeaconingDetector(),
    new IocContactDetector(db),
    new NewExternalDestinationDetector(),
    new ExfiltrationDetector(),
    new UnexpectedOfflineDetector(anomalies),
    new AuthBruteforceDetector(),
    new ImpossibleTravelDetector(users),
    new NewDeviceLoginDetector(users),
    new FirmwareEolDetector(),
    new FirmwareVulnerableDetector(),
  ];
}
