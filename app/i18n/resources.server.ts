// Every locale file, bundled into the server build so no request reads the disk.
// A test checks that this list matches the files in locales/.
import type { Resource } from "i18next";
import type { Language } from "./languages";
import type { Namespace } from "./namespaces";

import urCommon from "../../locales/ur/common.json";
import urHome from "../../locales/ur/home.json";
import urFakeJobOffers from "../../locales/ur/fake-job-offers.json";
import urBrideTrafficking from "../../locales/ur/bride-trafficking.json";
import urBondedLabour from "../../locales/ur/bonded-labour.json";
import urChildTrafficking from "../../locales/ur/child-trafficking.json";
import urMigrantSmuggling from "../../locales/ur/migrant-smuggling.json";
import urLaw from "../../locales/ur/law.json";
import urSafety from "../../locales/ur/safety.json";
import urGetHelp from "../../locales/ur/get-help.json";
import urJobCheck from "../../locales/ur/job-check.json";
import urReport from "../../locales/ur/report.json";
import urFollowUp from "../../locales/ur/follow-up.json";
import urStaff from "../../locales/ur/staff.json";
import enCommon from "../../locales/en/common.json";
import enHome from "../../locales/en/home.json";
import enFakeJobOffers from "../../locales/en/fake-job-offers.json";
import enBrideTrafficking from "../../locales/en/bride-trafficking.json";
import enBondedLabour from "../../locales/en/bonded-labour.json";
import enChildTrafficking from "../../locales/en/child-trafficking.json";
import enMigrantSmuggling from "../../locales/en/migrant-smuggling.json";
import enLaw from "../../locales/en/law.json";
import enSafety from "../../locales/en/safety.json";
import enGetHelp from "../../locales/en/get-help.json";
import enJobCheck from "../../locales/en/job-check.json";
import enReport from "../../locales/en/report.json";
import enFollowUp from "../../locales/en/follow-up.json";
import enStaff from "../../locales/en/staff.json";

export const resources: Record<Language, Record<Namespace, Resource[string][string]>> = {
  ur: {
    common: urCommon,
    home: urHome,
    "fake-job-offers": urFakeJobOffers,
    "bride-trafficking": urBrideTrafficking,
    "bonded-labour": urBondedLabour,
    "child-trafficking": urChildTrafficking,
    "migrant-smuggling": urMigrantSmuggling,
    law: urLaw,
    safety: urSafety,
    "get-help": urGetHelp,
    "job-check": urJobCheck,
    report: urReport,
    "follow-up": urFollowUp,
    staff: urStaff,
  },
  en: {
    common: enCommon,
    home: enHome,
    "fake-job-offers": enFakeJobOffers,
    "bride-trafficking": enBrideTrafficking,
    "bonded-labour": enBondedLabour,
    "child-trafficking": enChildTrafficking,
    "migrant-smuggling": enMigrantSmuggling,
    law: enLaw,
    safety: enSafety,
    "get-help": enGetHelp,
    "job-check": enJobCheck,
    report: enReport,
    "follow-up": enFollowUp,
    staff: enStaff,
  },
};
