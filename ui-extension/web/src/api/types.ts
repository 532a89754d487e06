// The shapes the panel reads and sends, inferred from the API's own zod schemas (type imports only:
// nothing of zod or the schemas reaches the browser bundle), so the panel and the API cannot drift.
import type { z } from 'zod';
import type {
  agingRow,
  customerResponse,
  customerSummary,
  jobsResponse,
  overviewResponse,
  plannedAction,
  procedureResponse,
  segmentResponse,
  sessionResponse,
  settingsSchema,
  templatePreviewResponse,
  templateText,
  timelineEntry,
  worklistItem,
  invoiceRow,
} from '../../../../src/http/api/schemas.ts';

export type SessionInfo = z.infer<typeof sessionResponse>;
export type Role = SessionInfo['user']['role'];
export type Language = SessionInfo['firm']['language'];
export type AgingRow = z.infer<typeof agingRow>;
export type CustomerSummary = z.infer<typeof customerSummary>;
export type Overview = z.infer<typeof overviewResponse>;
export type Connection = Overview['connections'][number];
export type CustomerDetail = z.infer<typeof customerResponse>;
export type Invoice = z.infer<typeof invoiceRow>;
export type TimelineEntry = z.infer<typeof timelineEntry>;
export type PlannedAction = z.infer<typeof plannedAction>;
export type Channel = PlannedAction['channel'];
export type WorkItem = z.infer<typeof worklistItem>;
export type Procedure = z.infer<typeof procedureResponse>;
export type ProcedureStep = Procedure['steps'][number];
export type Segment = z.infer<typeof segmentResponse>;
export type TemplateText = z.infer<typeof templateText>;
export type TemplatePreview = z.infer<typeof templatePreviewResponse>;
export type Settings = z.infer<typeof settingsSchema>;
export type Job = z.infer<typeof jobsResponse>['items'][number];

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface User {
  id: string;
  name: string | null;
  email: string | null;
  role: Role;
}

/** The demo's caught e-mails (GET /demo/api/messages, served only in demo mode). */
export interface DemoMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string | string[];
  subject: string;
  text: string | null;
  html: string | null;
}
