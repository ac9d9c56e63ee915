// Reference data the demo fleet is drawn from: real vendor models with firmware strings, people, groups, destinations.
import type { DeviceType } from '@shared/domain/enums';

export interface ModelSpec {
  manufacturer: string;
  model: string;
  /** Firmware strings by lifecycle: the first `current` entry is the newest. */
  current: string[];
  outdated: string[];
  eol: string[];
  /** The vendor cloud the device checks in with, when it has one. */
  cloud?: string;
}

const axis = (model: string): ModelSpec => ({
  manufacturer: 'Axis', model, current: ['11.8.93', '11.8.64'], outdated: ['10.12.213', '10.12.199'], eol: ['9.80.3.8', '8.40.4.2'], cloud: 'mgmt.axis-cloud.com',
});
const hikvision = (model: string): ModelSpec => ({
  manufacturer: 'Hikvision', model, current: ['V5.7.15 build 230823'], outdated: ['V5.7.3 build 220112', 'V5.6.5 build 210817'], eol: ['V5.5.0 build 170725', 'V5.4.5 build 170123'], cloud: 'api.hik-connect.com',
});
const bosch = (model: string): ModelSpec => ({
  manufacturer: 'Bosch', model, current: ['8.90.0009', '8.80.0047'], outdated: ['8.71.0066'], eol: ['7.10.0076', '6.30.0059'], cloud: 'remote.boschsecurity.com',
});

export const MODELS: Record<DeviceType, ModelSpec[]> = {
  ip_camera: [
    axis('P3265-LVE'), axis('M3106-L Mk II'), axis('Q6135-LE'), axis('P1455-LE'),
    hikvision('DS-2CD2143G2-I'), hikvision('DS-2CD2387G2-LU'), hikvision('DS-2DE4425IWG-E'),
    bosch('FLEXIDOME IP 5100i'), bosch('DINION IP 3000i'), bosch('AUTODOME IP 4000i'),
  ],
  hvac_sensor: [
    { manufacturer: 'Honeywell', model: 'Spyder PUL6438S', current: ['4.4.12'], outdated: ['4.3.8'], eol: ['3.2.1'] },
    { manufacturer: 'Siemens', model: 'PXC4.E16', current: ['V3.4.2'], outdated: ['V3.2.0'], eol: ['V2.8.5'] },
    { manufacturer: 'Johnson Controls', model: 'FX-PCV3911', current: ['12.0.2'], outdated: ['11.1.0'], eol: ['9.0.7'] },
    { manufacturer: 'Belimo', model: 'Energy Valve 4', current: ['2.3.1'], outdated: ['2.1.4'], eol: ['1.9.0'] },
  ],
  environmental_sensor: [
    { manufacturer: 'Vaisala', model: 'HMT330', current: ['5.16'], outdated: ['5.10'], eol: ['4.02'] },
    { manufacturer: 'APC', model: 'NetBotz 250', current: ['5.3.4'], outdated: ['5.1.1'], eol: ['4.7.0'] },
    { manufacturer: 'Airthings', model: 'Space Pro', current: ['2.9.0'], outdated: ['2.6.3'], eol: ['1.8.2'] },
  ],
  badge_reader: [
    { manufacturer: 'HID', model: 'Signo 40', current: ['SIGNO v1.5.3'], outdated: ['SIGNO v1.3.0'], eol: ['SIGNO v1.0.2'] },
    { manufacturer: 'HID', model: 'iCLASS SE R40', current: ['10.0.1.16'], outdated: ['9.6.2.4'], eol: ['8.4.0.3'] },
    { manufacturer: 'Axis', model: 'A1601 Network Door Controller', current: ['1.65.6'], outdated: ['1.65.2'], eol: ['1.30.1'] },
  ],
  printer: [
    { manufacturer: 'HP', model: 'LaserJet Enterprise M507', current: ['2409081_000615'], outdated: ['2406242_000221'], eol: ['2309025_000044'], cloud: 'h10141.www1.hp.com' },
    { manufacturer: 'Xerox', model: 'VersaLink C405', current: ['60.55.11'], outdated: ['60.51.3'], eol: ['58.14.20'] },
    { manufacturer: 'Canon', model: 'imageRUNNER ADVANCE DX C3826i', current: ['43.02'], outdated: ['41.03'], eol: ['33.04'] },
  ],
  workstation: [
    { manufacturer: 'Dell', model: 'OptiPlex 7010', current: ['1.18.0'], outdated: ['1.12.1'], eol: [] },
    { manufacturer: 'HP', model: 'EliteDesk 800 G9', current: ['U21 Ver. 02.15.00'], outdated: ['U21 Ver. 02.09.01'], eol: [] },
    { manufacturer: 'Lenovo', model: 'ThinkCentre M90q Gen 4', current: ['M47KT3EA'], outdated: ['M47KT2BA'], eol: [] },
  ],
  laptop: [
    { manufacturer: 'Dell', model: 'Latitude 7440', current: ['1.14.1'], outdated: ['1.9.0'], eol: [] },
    { manufacturer: 'Lenovo', model: 'ThinkPad T14 Gen 4', current: ['R2FET57W (1.37)'], outdated: ['R2FET44W (1.24)'], eol: [] },
    { manufacturer: 'Apple', model: 'MacBook Pro 14 (M3)', current: ['macOS 14.6.1'], outdated: ['macOS 14.2.1'], eol: [] },
    { manufacturer: 'HP', model: 'EliteBook 840 G10', current: ['V70 Ver. 01.06.02'], outdated: ['V70 Ver. 01.03.00'], eol: [] },
  ],
  server: [
    { manufacturer: 'Dell', model: 'PowerEdge R650', current: ['iDRAC 7.00.00.171'], outdated: ['iDRAC 6.10.30.00'], eol: ['iDRAC 4.40.00.00'] },
    { manufacturer: 'HPE', model: 'ProLiant DL380 Gen10 Plus', current: ['iLO 5 2.98'], outdated: ['iLO 5 2.72'], eol: ['iLO 5 1.40'] },
  ],
  network_switch: [
    { manufacturer: 'Cisco', model: 'Catalyst 9300-48P', current: ['IOS XE 17.9.5'], outdated: ['IOS XE 17.6.4'], eol: ['IOS XE 16.9.8'] },
    { manufacturer: 'Aruba', model: 'CX 6300M', current: ['FL.10.13.1000'], outdated: ['FL.10.10.1020'], eol: ['FL.10.06.0130'] },
    { manufacturer: 'Juniper', model: 'EX2300-48P', current: ['Junos 22.4R3'], outdated: ['Junos 21.4R3'], eol: ['Junos 18.2R3'] },
  ],
  access_point: [
    { manufacturer: 'Cisco', model: 'Catalyst 9120AXI', current: ['17.9.5'], outdated: ['17.6.4'], eol: ['16.12.5'] },
    { manufacturer: 'Aruba', model: 'AP-535', current: ['8.11.2.1'], outdated: ['8.10.0.6'], eol: ['8.6.0.4'] },
    { manufacturer: 'Ubiquiti', model: 'U6-Pro', current: ['6.6.77'], outdated: ['6.5.28'], eol: ['5.43.56'], cloud: 'unifi.ui.com' },
  ],
  phone: [
    { manufacturer: 'Poly', model: 'CCX 500', current: ['8.1.3.1301'], outdated: ['7.2.4.0455'], eol: ['6.1.0.1234'], cloud: 'lens.poly.com' },
    { manufacturer: 'Cisco', model: 'IP Phone 8845', current: ['sip88xx.14-2-1'], outdated: ['sip88xx.12-8-1'], eol: ['sip88xx.11-0-1'] },
    { manufacturer: 'Yealink', model: 'T54W', current: ['96.86.0.75'], outdated: ['96.85.0.5'], eol: ['70.84.0.15'], cloud: 'dm.yealink.com' },
  ],
  other: [{ manufacturer: 'Raspberry Pi', model: 'Pi 4 Model B', current: ['Raspberry Pi OS 12'], outdated: ['Raspberry Pi OS 11'], eol: ['Raspbian 9'] }],
};

export const FIRST_NAMES = [
  'sarah', 'james', 'maria', 'david', 'emma', 'michael', 'olivia', 'daniel', 'sophia', 'lucas', 'chloe', 'noah', 'amelia', 'ethan',
  'grace', 'liam', 'hannah', 'omar', 'priya', 'wei', 'fatima', 'mateo', 'ines', 'jonas', 'elena', 'kenji', 'aisha', 'tomas',
  'nina', 'victor', 'leah', 'samuel', 'julia', 'rafael', 'zoe', 'adam', 'mia', 'benjamin', 'clara', 'isaac', 'laura', 'felix',
  'ana', 'hugo', 'ruth', 'arjun', 'yara', 'peter', 'alice', 'marcus', 'eva', 'kofi', 'lena', 'diego', 'sofia', 'ravi', 'nora',
  'paul', 'mei', 'andre', 'ivy', 'oscar', 'lina', 'george', 'dana', 'caleb', 'rosa', 'henry', 'tara', 'leo', 'anna', 'max',
];

export const LAST_NAMES = [
  'kim', 'smith', 'garcia', 'nguyen', 'patel', 'mueller', 'rossi', 'johnson', 'brown', 'lopez', 'wilson', 'martin', 'tanaka',
  'okafor', 'silva', 'kowalski', 'andersen', 'dubois', 'hassan', 'chen', 'singh', 'murphy', 'novak', 'costa', 'fischer', 'ibrahim',
  'larsen', 'moreau', 'yamamoto', 'walsh', 'evans', 'rahman', 'schmidt', 'bianchi', 'kaur', 'lee', 'ortiz', 'jensen', 'haddad',
  'price', 'reyes', 'ward', 'becker', 'zhang', 'ali', 'fernandes', 'morgan', 'petrov', 'quinn', 'vargas', 'young', 'baker',
];

const DEPARTMENTS = ['engineering', 'finance', 'sales', 'marketing', 'hr', 'legal', 'it', 'facilities', 'security', 'operations', 'support'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_WEIGHTS: readonly (readonly [Department, number])[] = [
  ['engineering', 24], ['finance', 8], ['sales', 14], ['marketing', 8], ['hr', 4], ['legal', 3], ['it', 7], ['facilities', 4],
  ['security', 3], ['operations', 12], ['support', 13],
];

export const HOME_COUNTRIES: readonly (readonly [string, number])[] = [['US', 70], ['GB', 12], ['DE', 8], ['CA', 6], ['IN', 4]];

/** Popular business destinations; every workstation keeps a stable favourite subset of these. */
export const SAAS: readonly (readonly [string, number])[] = [
  ['outlook.office365.com', 30], ['teams.microsoft.com', 25], ['login.microsoftonline.com', 20], ['acmecorp.sharepoint.com', 18],
  ['www.google.com', 16], ['slack.com', 12], ['zoom.us', 10], ['acmecorp.my.salesforce.com', 8], ['github.com', 8],
  ['acmecorp.atlassian.net', 9], ['docs.google.com', 6], ['www.linkedin.com', 5], ['app.hubspot.com', 4], ['www.dropbox.com', 3],
  ['api.stripe.com', 2], ['registry.npmjs.org', 3], ['pypi.org', 2], ['stackoverflow.com', 5], ['www.wikipedia.org', 3],
  ['www.bbc.co.uk', 2], ['www.nytimes.com', 2], ['www.amazon.com', 2], ['cdn.jsdelivr.net', 3], ['fonts.gstatic.com', 4],
  ['update.googleapis.com', 2], ['app.workday.com', 3], ['acmecorp.okta.com', 5], ['www.youtube.com', 3], ['calendly.com', 1],
  ['www.notion.so', 2], ['figma.com', 2], ['app.datadoghq.com', 1], ['portal.azure.com', 2], ['console.aws.amazon.com', 2],
];

/** Destinations with background traffic regardless of the user (updates, AV, telemetry). */
export const BACKGROUND = ['settings-win.data.microsoft.com', 'update.microsoft.com', 'definitionupdates.microsoft.com', 'ocsp.digicert.com', 'ctldl.windowsupdate.com'];

export const PROCESSES: readonly (readonly [string, string, number])[] = [
  ['chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 20],
  ['msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 10],
  ['OUTLOOK.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', 15],
  ['ms-teams.exe', 'C:\\Program Files\\WindowsApps\\MSTeams\\ms-teams.exe', 12],
  ['EXCEL.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', 8],
  ['WINWORD.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', 7],
  ['Code.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', 5],
  ['slack.exe', 'C:\\Users\\%USER%\\AppData\\Local\\slack\\slack.exe', 6],
  ['Zoom.exe', 'C:\\Users\\%USER%\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe', 4],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 2],
  ['AcroRd32.exe', 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', 3],
];

export const DOWNLOAD_NAMES = ['invoice', 'report', 'q3-forecast', 'contract', 'slides', 'meeting-notes', 'timesheet', 'budget', 'roadmap', 'specs'];
export const DOWNLOAD_EXTENSIONS = ['pdf', 'xlsx', 'docx', 'pptx', 'zip', 'csv'];

/** Words the C2 domain is made of: plausible "update/CDN" names, as real malware uses. */
export const C2_WORDS = ['update', 'cdn', 'sync', 'telemetry', 'static', 'metrics', 'assets', 'edge', 'cloud', 'api'];
export const C2_TLDS = ['top', 'xyz', 'ru', 'info', 'online'];
export const ATTACKER_COUNTRIES = ['RU', 'CN', 'BR', 'VN', 'NG', 'RO'];
