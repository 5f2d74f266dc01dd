/**
 * RTT treatment function codes (shared rtt-data-format §2). The set changed in April 2021: X01 "Other"
 * split into X02–X06 and some services were renamed; codes C_100…C_502 kept their meaning.
 */

export interface TreatmentFunction {
  code: string;
  /** Name used in files from April 2021 (or the old name for codes that no longer exist). */
  name: string;
  /** Name used before April 2021. */
  oldName?: string;
  /** Command-line slug (`--specialty general-surgery`). */
  slug: string;
  /** Months the code is published in: 'all', 'to-2021-03' or 'from-2021-04'. */
  published: "all" | "to-2021-03" | "from-2021-04";
}

export const TOTAL_TF = "C_999";

export const TREATMENT_FUNCTIONS: TreatmentFunction[] = [
  {
    code: "C_100",
    name: "General Surgery Service",
    oldName: "General Surgery",
    slug: "general-surgery",
    published: "all",
  },
  { code: "C_101", name: "Urology Service", oldName: "Urology", slug: "urology", published: "all" },
  {
    code: "C_110",
    name: "Trauma and Orthopaedic Service",
    oldName: "Trauma & Orthopaedics",
    slug: "trauma-orthopaedics",
    published: "all",
  },
  {
    code: "C_120",
    name: "Ear Nose and Throat Service",
    oldName: "ENT",
    slug: "ent",
    published: "all",
  },
  {
    code: "C_130",
    name: "Ophthalmology Service",
    oldName: "Ophthalmology",
    slug: "ophthalmology",
    published: "all",
  },
  {
    code: "C_140",
    name: "Oral Surgery Service",
    oldName: "Oral Surgery",
    slug: "oral-surgery",
    published: "all",
  },
  {
    code: "C_150",
    name: "Neurosurgical Service",
    oldName: "Neurosurgery",
    slug: "neurosurgery",
    published: "all",
  },
  {
    code: "C_160",
    name: "Plastic Surgery Service",
    oldName: "Plastic Surgery",
    slug: "plastic-surgery",
    published: "all",
  },
  {
    code: "C_170",
    name: "Cardiothoracic Surgery Service",
    oldName: "Cardiothoracic Surgery",
    slug: "cardiothoracic-surgery",
    published: "all",
  },
  {
    code: "C_300",
    name: "General Internal Medicine Service",
    oldName: "General Medicine",
    slug: "general-medicine",
    published: "all",
  },
  {
    code: "C_301",
    name: "Gastroenterology Service",
    oldName: "Gastroenterology",
    slug: "gastroenterology",
    published: "all",
  },
  {
    code: "C_320",
    name: "Cardiology Service",
    oldName: "Cardiology",
    slug: "cardiology",
    published: "all",
  },
  {
    code: "C_330",
    name: "Dermatology Service",
    oldName: "Dermatology",
    slug: "dermatology",
    published: "all",
  },
  {
    code: "C_340",
    name: "Respiratory Medicine Service",
    oldName: "Thoracic Medicine",
    slug: "respiratory-medicine",
    published: "all",
  },
  {
    code: "C_400",
    name: "Neurology Service",
    oldName: "Neurology",
    slug: "neurology",
    published: "all",
  },
  {
    code: "C_410",
    name: "Rheumatology Service",
    oldName: "Rheumatology",
    slug: "rheumatology",
    published: "all",
  },
  {
    code: "C_430",
    name: "Elderly Medicine Service",
    oldName: "Geriatric Medicine",
    slug: "elderly-medicine",
    published: "all",
  },
  {
    code: "C_502",
    name: "Gynaecology Service",
    oldName: "Gynaecology",
    slug: "gynaecology",
    published: "all",
  },
  { code: "X01", name: "Other", slug: "other", published: "to-2021-03" },
  {
    code: "X02",
    name: "Other - Medical Services",
    slug: "other-medical",
    published: "from-2021-04",
  },
  {
    code: "X03",
    name: "Other - Mental Health Services",
    slug: "other-mental-health",
    published: "from-2021-04",
  },
  {
    code: "X04",
    name: "Other - Paediatric Services",
    slug: "other-paediatric",
    published: "from-2021-04",
  },
  {
    code: "X05",
    name: "Other - Surgical Services",
    slug: "other-surgical",
    published: "from-2021-04",
  },
  { code: "X06", name: "Other - Other Services", slug: "other-other", published: "from-2021-04" },
];

/** The treatment functions published in a month (excluding the C_999 total). */
export function treatmentFunctionsFor(month: string): TreatmentFunction[] {
  const from2021 = month >= "2021-04";
  return TREATMENT_FUNCTIONS.filter(
    (tf) => tf.published === "all" || (tf.published === "from-2021-04") === from2021,
  );
}

/** Finds a treatment function by code (`C_110`) or slug (`trauma-orthopaedics`). */
export function findTreatmentFunction(codeOrSlug: string): TreatmentFunction | undefined {
  const key = codeOrSlug.trim();
  return TREATMENT_FUNCTIONS.find(
    (tf) => tf.code === key.toUpperCase() || tf.slug === key.toLowerCase(),
  );
}
