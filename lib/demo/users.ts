// The demo project and its sign-ins. Every role gets one user so each part of the app can be
// tried; reviewers' expertise overlaps so that every task type has at least two qualified
// reviewers, which overlap (double review) and routing need to have a choice.
import type { TaskType } from "@/lib/demo/types";

export type DemoRole = "reviewer" | "qa_lead" | "ml_engineer" | "admin";

export type DemoUser = {
  email: string;
  name: string;
  password: string;
  role: DemoRole;
  expertise?: TaskType[];
  isInstanceAdmin?: boolean;
};

export const DEMO_PASSWORD = "demo-password";

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: "reviewer@demo.assay",
    name: "Riley Chen",
    password: DEMO_PASSWORD,
    role: "reviewer",
    expertise: ["general", "billing", "refunds", "account_access"],
  },
  {
    email: "medic@demo.assay",
    name: "Dr. Amara Okafor",
    password: DEMO_PASSWORD,
    role: "reviewer",
    expertise: ["medical_questions", "general"],
  },
  {
    email: "finance@demo.assay",
    name: "Jonas Weber",
    password: DEMO_PASSWORD,
    role: "reviewer",
    expertise: ["financial_advice", "billing", "refunds"],
  },
  {
    // A trust & safety generalist: the second qualified reviewer for the two high-risk task types.
    email: "safety@demo.assay",
    name: "Sam Ortiz",
    password: DEMO_PASSWORD,
    role: "reviewer",
    expertise: ["medical_questions", "financial_advice", "account_access", "general"],
  },
  { email: "qa@demo.assay", name: "Quinn Harper", password: DEMO_PASSWORD, role: "qa_lead" },
  { email: "ml@demo.assay", name: "Morgan Lee", password: DEMO_PASSWORD, role: "ml_engineer" },
  { email: "admin@demo.assay", name: "Avery Brooks", password: DEMO_PASSWORD, role: "admin", isInstanceAdmin: true },
];

export const DEMO_PROJECT = {
  slug: "support-assistant",
  name: "Support assistant",
  description:
    "Production logs of Kestrel's customer support assistant: billing, refunds, account access and general " +
    "questions, plus health and money questions where it must stay general and within policy.",
  timeZone: "Europe/Berlin",
} as const;
