// Paging and search inputs shared by every list operation.
import { z } from 'zod';

export const pageInput = {
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
};

export const searchInput = z.string().max(200).optional().describe('Case-insensitive substring match');
