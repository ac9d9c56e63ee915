import { it } from 'vitest';
import { runIngestBench } from '../../bench/ingest-bench';
it('bench', async () => { console.log(JSON.stringify(await runIngestBench(), null, 1)); }, 900_000);
