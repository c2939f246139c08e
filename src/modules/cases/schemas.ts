import { Type, type Static } from "@sinclair/typebox";

export const CITIZEN_STATUS = Type.Union([Type.Literal("received"), Type.Literal("in_progress"), Type.Literal("action_required"), Type.Literal("decided"), Type.Literal("closed")], { description: "status the applicant sees (federal mailbox semantics)" });

export const CaseIdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export type CaseIdParams = Static<typeof CaseIdParams>;

export const InboxQuery = Type.Object({
  scope: Type.Optional(Type.Union([Type.Literal("department"), Type.Literal("mine"), Type.Literal("participation")], { default: "department", description: "department: cases of my departments; mine: assigned to me; participation: my departments are asked for a statement" })),
  unit: Type.Optional(Type.String({ format: "uuid", description: "one of my org units" })),
  status: Type.Optional(CITIZEN_STATUS),
  service: Type.Optional(Type.String({ maxLength: 64, description: "form id" })),
  overdue: Type.Optional(Type.Boolean({ description: "only cases with an open participation past its deadline" })),
  reference: Type.Optional(Type.String({ maxLength: 40, description: "reference prefix, e.g. EK-2026-0001" })),
  after: Type.Optional(Type.String({ maxLength: 200, description: "cursor from the previous page's `next`" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type InboxQuery = Static<typeof InboxQuery>;

export const CaseListItem = Type.Object({
  id: Type.String({ format: "uuid" }),
  reference: Type.String(),
  service: Type.String(),
  formId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  stateLabel: Type.String(),
  status: CITIZEN_STATUS,
  ownerUnit: Type.Object({ id: Type.String(), name: Type.String() }),
  assignee: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  pendingApproval: Type.Boolean(),
  openParticipations: Type.Integer(),
  nextDue: Type.Union([Type.String({ format: "date" }), Type.Null()]),
  overdue: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});
export const InboxResponse = Type.Object({ items: Type.Array(CaseListItem), next: Type.Union([Type.String(), Type.Null()]) });

export const Abilities = Type.Object({
  read: Type.Boolean(), comment: Type.Boolean(), transition: Type.Boolean(), assign: Type.Boolean(), claim: Type.Boolean(), approve: Type.Boolean(), statement: Type.Boolean(),
});

export const CaseResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  reference: Type.String(),
  submissionId: Type.Union([Type.String(), Type.Null()]),
  service: Type.String(),
  process: Type.Object({ id: Type.String(), version: Type.Integer(), title: Type.String() }),
  state: Type.String(),
  stateLabel: Type.String(),
  status: CITIZEN_STATUS,
  outcome: Type.Union([Type.Literal("approved"), Type.Literal("rejected"), Type.Null()]),
  ownerUnit: Type.Object({ id: Type.String(), name: Type.String() }),
  assignee: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  version: Type.Integer({ description: "send it back with every change (optimistic locking)" }),
  pendingApproval: Type.Union([Type.Object({ event: Type.String(), label: Type.String(), proposedBy: Type.String(), proposedAt: Type.String() }), Type.Null()]),
  transitions: Type.Array(Type.Object({ event: Type.String(), label: Type.String(), to: Type.String(), fourEyes: Type.Boolean(), requiresText: Type.Boolean() }), { description: "events possible in the current state" }),
  participations: Type.Array(
    Type.Object({
      id: Type.String(), step: Type.String(), label: Type.String(), unit: Type.Object({ id: Type.String(), name: Type.String() }),
      dueDate: Type.String({ format: "date" }), status: Type.Union([Type.Literal("open"), Type.Literal("given")]), overdue: Type.Boolean(),
      result: Type.Union([Type.String(), Type.Null()]), statement: Type.Union([Type.String(), Type.Null()]), givenAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    }),
  ),
  timeline: Type.Array(Type.Object({ at: Type.String({ format: "date-time" }), kind: Type.String(), visibility: Type.String(), actor: Type.Union([Type.String(), Type.Null()]), text: Type.Union([Type.String(), Type.Null()]), status: Type.Union([CITIZEN_STATUS, Type.Null()]) })),
  documents: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), title: Type.String(), version: Type.Integer(), sha256: Type.String(), url: Type.String() })),
  abilities: Abilities,
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const TransitionBody = Type.Object({
  event: Type.String({ maxLength: 64, description: "the process definition's event, e.g. request_documents" }),
  version: Type.Integer({ minimum: 1, description: "the case version you saw" }),
  text: Type.Optional(Type.String({ maxLength: 5000, description: "required where the transition asks for it (request for documents: what is missing; shown to the applicant)" })),
});
export type TransitionBody = Static<typeof TransitionBody>;

export const TransitionResponse = Type.Object({
  id: Type.String(),
  state: Type.String(),
  version: Type.Integer(),
  approvalRequested: Type.Boolean({ description: "four-eyes: the transition waits for a second person (202)" }),
  documentId: Type.Optional(Type.String()),
});

export const ApprovalBody = Type.Object({
  decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")]),
  version: Type.Integer({ minimum: 1 }),
  note: Type.Optional(Type.String({ maxLength: 5000 })),
});
export type ApprovalBody = Static<typeof ApprovalBody>;

export const StatementParams = Type.Object({ id: Type.String({ format: "uuid" }), participationId: Type.String({ format: "uuid" }) });
export type StatementParams = Static<typeof StatementParams>;
export const StatementBody = Type.Object({
  result: Type.Union([Type.Literal("agree"), Type.Literal("agree_with_conditions"), Type.Literal("object")]),
  statement: Type.Optional(Type.String({ maxLength: 5000 })),
});
export type StatementBody = Static<typeof StatementBody>;

export const AssignmentBody = Type.Object({
  assigneeId: Type.Union([Type.String({ format: "uuid" }), Type.Null()], { description: "a member of the owning department; your own id claims the case; null releases it" }),
  version: Type.Integer({ minimum: 1 }),
});
export type AssignmentBody = Static<typeof AssignmentBody>;
export const OkResponse = Type.Object({ ok: Type.Boolean(), version: Type.Optional(Type.Integer()) });

export const FiguresResponse = Type.Object({
  byStatus: Type.Array(Type.Object({ status: CITIZEN_STATUS, count: Type.Integer() })),
  byService: Type.Array(Type.Object({ service: Type.String(), formId: Type.Union([Type.String(), Type.Null()]), count: Type.Integer(), open: Type.Integer(), decided: Type.Integer(), medianDays: Type.Union([Type.Number(), Type.Null()], { description: "median days from submission to decision" }) })),
  byDepartment: Type.Array(Type.Object({ department: Type.String(), unitId: Type.String(), count: Type.Integer(), open: Type.Integer(), overdue: Type.Integer() })),
});
