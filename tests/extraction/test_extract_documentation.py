"""Technique, signature, dates, identifiers: snippets in, facts out."""
import pytest


@pytest.mark.parametrize("text, value", [
    ("Non-contrast, prospectively ECG-triggered CT.", False),
    ("No IV contrast was administered.", False),
    ("Contrast: None", False),
    ("Protocol ............ CaScore prospective ECG-triggered\nContrast ............ none\n", False),
    ("   IV contrast required? ............................................. No\n", False),
    ("Prospective ECG-triggered sequential acquisition. No application of contrast medium.", False),
    ("WHY THIS SCAN WAS DONE\nHeart disease screening.\n\nHOW THE SCAN WAS DONE\nLow-dose CT of the heart with ECG "
     "triggering. No contrast (dye) was used.\n", False),
    ("Tech: non-con, prosp. ECG-gated, 120 kVp.", False),
    ("No dye (contrast) was injected.", False),
    ("Following administration of 80 mL Isovue-370 intravenously, CTA was performed.", True),
    ("CT angiography with IV contrast is recommended if symptoms persist.", None),
    ("Prospective ECG triggering at 70% R-R.", None),
])
def test_extract_contrast(extract_text, text, value):
    fact = extract_text(text).contrast_administered
    assert (fact.value if fact else None) == value


@pytest.mark.parametrize("text, value", [
    ("Prospectively ECG-triggered axial acquisition.", True),
    ("Retrospective ECG gating was used.", True),
    ("TECH: PROSP ECG-TRIG AXIAL, 120 KVP, 3 MM. NO IV CONTRAST.", True),
    ("A low-dose CT scan of your heart was timed to your heartbeat using ECG stickers on your chest.", True),
    ("tech: gated, noncon, 3mm.", True),
    ("Tech: non-con, prosp. ECG-gated, 120 kVp, 3 mm.", True),
    ("The study was not ECG-gated.", False),
    ("Non-gated chest CT.", False),
    ("  Gating ................ Prospective ECG trigger\n  IV contrast ........... None\n", True),
    ("Technique: The study was realized in multislice tomograph, with prospective synchronization to the "
     "electrocardiogram, without intravenous contrast.", True),
    ("HX: HLD. Screening.\nGated non-con. Agatston total 5.", True),
    # "without" negates the contrast, not the gating the sentence goes on to name
    ("The heart was imaged without intravenous contrast using prospective electrocardiographic triggering.", True),
    ("Technique: No IV contrast, prospectively ECG-gated.", True),
    ("It was realised a study without contrast, synchronised with the ECG in prospective mode.", True),
    ("THE SCAN WAS DONE WITHOUT ANY DYE (CONTRAST) AND WAS TIMED TO YOUR\nHEARTBEAT USING EKG LEADS.", True),
    ("  2. The technique does not mention ECG gating or triggering. Please confirm whether it was ECG-synchronized.",
     None),  # a coder's query: not documented is no statement either way
    ("Contrast: none\nGating: prospective\n", True),  # a technique block's labels
    ("Gated: Yes\n", True),
    ("Gating: none\n", False),
    ("Axial images through the heart.", None),
])
def test_extract_ecg_gating(extract_text, text, value):
    fact = extract_text(text).ecg_gated
    assert (fact.value if fact else None) == value


@pytest.mark.parametrize("text, value", [
    ("Electronically signed by John Q. Lee, MD on 03/05/2025 14:22", True),
    ("/s/ Maria Ortiz, MD", True),
    ("Interpreting Radiologist: Gregory Lindqvist, MD\nSigned 03/11/2025 11:52 AM", True),
    ("Report electronically released\nDr. med. K. Vosskamp, senior physician", True),
    ("SIGNED_BY: DEVEREAUX, PAUL MD\nSIGNED_DATETIME: 20250411 1610", True),
    ("Authorised 19-12-2024 14:02", True),
    ("[SIGNATURE]\nInterpretingPhysician=Sunita Chaudhry, MD\nSignedStatus=FINAL\nSignedDateTime=20250311 15:26\n"
     "Sex=F\nKvp=120\n", True),
    ("I have personally reviewed the images and agree with the findings.", True),
    ("PRELIMINARY REPORT - NOT SIGNED", False),
    ("This preliminary report has not been reviewed or signed by the interpreting physician.", False),
    ("Dictated by: resident.", None),
    # a terse report's last line: the reader's name, credential and signing date and time
    ("IMP: Minimal coronary calcification, score 5.\nJ. Patel MD  2/9/25 1422\n", True),
    ("IMP: Minimal coronary calcification, score 5.\nJ. Patel MD\nTranscribed 2/9/25\n", None),
    ("Read by: Celeste Marchetti, MD, FSCCT\nSigned 20-Jan-2026 17:02\n", True),
    ("Dictated by: Lionel Fairbrother-Ochoa, MD\nSigned (electronic): L. Fairbrother-Ochoa, MD   03/04/2025 15:26\n",
     True),
    ("*** PROVISIONAL REPORT - PENDING CONSULTANT VERIFICATION ***\nReported by: Dr. Usman Tariq (Resident)\n"
     "Consultant verification: pending\n", False),
    ("Radiologist: Dr. Bogdan Stanciu, primary physician radiology\n[signature and stamp]\n", True),
    ("Dr. Valentina Sosa Iribarne\nMedical Specialist in Diagnostic Imaging\nElectronic signature\n", True),
    ("Dr Aoife Ni Bhriain, FFR RCSI\nConsultant Radiologist\nReport authorised electronically 09/10/2025 15:48\n", True),
    ("JOSE EMMANUEL R. VILLANUEVA, MD, FPCR\nRadiologist\n\nFinalized: 03/05/2025 04:12 PM\n", True),
    ("*** PRELIMINARY REPORT - NOT SIGNED ***\nPrelim entered 09/30/2025 by Ravi Subramanian, MD - awaiting "
     "electronic signature\n", False),
])
def test_extract_signature(extract_text, text, value):
    fact = extract_text(text).signed
    assert (fact.value if fact else None) == value


@pytest.mark.parametrize("text, iso", [
    ("Exam Date: 03/04/2025", "2025-03-04"),
    ("DATE OF SERVICE: 2025-03-04", "2025-03-04"),
    ("Study date: March 4, 2025", "2025-03-04"),
    ("Exam: 4 Mar 2025", "2025-03-04"),
    ("Study Date: 20250211", "2025-02-11"),
    ("Date of examination: 14/11/2024", "2024-11-14"),
    ("Examination: CT calcium scoring, 03.04.2025", "2025-04-03"),
    ("CAC 3/7/25 - Brandt, Oskar (MRN 5530217, DOB 11/23/1968). Ind: HLD.", "2025-03-07"),
    ("CT CACS (75571) 11-Apr-2025. LAM, Kevin W.  MRN 8830215", "2025-04-11"),
    ("DOS 2025/01/28   Ord: Dr. M. Castellanos", "2025-01-28"),
    ("EXAM_DATETIME: 20250411 1352", "2025-04-11"),
    ("Patient: Gagnon, Marie-Claude\nDOB: 1966-Aug-02        Sex: F\nExam date: 2025-Feb-11\n", "2025-02-11"),
    ("Name: Oyelaran, Tunde          Med Rec #: SB-771045\nAcct: 40091827731              Visit date: 19-Feb-2025\n",
     "2025-02-19"),
    ("D.O.B.: 1957.09.30  (F, 67)         Exam: 2025-02-07\n", "2025-02-07"),
    ("pt: NGUYEN, THI HOA    mrn 55-01-8872    dob 2/9/1971\ndate of svc: 01/06/25     ref: K. Sato, NP\n", "2025-01-06"),
    ("NAME: TRAN, HUNG V          MR#: M0091734       DOB: 10-17-1949\nACCT: 40031928833           EXAM DT: 01-06-2025",
     "2025-01-06"),
    ("Referrer: Dr Nikhil Sandhu (GP), Parramatta\nDate: Thursday, 13 February 2025\n", "2025-02-13"),
    ("DOB: 01/02/1960\nElectronically signed 03/05/2025", None),
    ("Exm Date: MAR 04, 2025@09:41\n", "2025-03-04"),
    ("CT CARDIAC CALCIUM SCORING WO CONTRAST  Acc# 88213047  Exam 01/13/2026 08:12  Pt: Okonkwo-Hale, Adaeze", "2026-01-13"),
    ("Specimen Collected: 10/14/25 07:52 AM     Last Resulted: 10/14/25 11:06 AM\n", "2025-10-14"),
    ("Dated: 28th October 2024\n", "2024-10-28"),
    ("Patient: Feldman, Jonah          Acct/MRN: BWC-061239\nDOB: 10/03/1963 (61 yo M)        Scan: 10/28/2024\n",
     "2024-10-28"),
    ("Original study:   CT calcium score, Lough Derg Imaging Ltd (external), performed 09/09/2025\n", "2025-09-09"),
    # a clinic note quoting the report: the visit's date is not the exam's
    ("Date of Service: 03/27/2026      Visit type: follow-up\nCT Cardiac Calcium Score - report copied below.\n"
     "Exam date: 03/12/2026\n", "2026-03-12"),
    ("Date of Service: 02/21/2025\nReport electronically signed by Rafael Ortiz, MD, FSCCT on 02/22/2025 at 07:55.",
     "2025-02-21"),
])
def test_extract_exam_date(extract_text, text, iso):
    fact = extract_text(text).exam_date
    assert (fact.value if fact else None) == iso


def test_extract_day_first_document_reads_every_slashed_date_day_first(extract_text):
    ex = extract_text("Patient: Mr Rhys COLE  DOB: 02/09/1971\nDate of examination: 14/11/2024\n")
    assert ex.patients[0].dob.value == "1971-09-02"


@pytest.mark.parametrize("text, dob", [
    ("14 October 2024\n\nDear Dr Rahimi,\n\nRe: Mrs Eleanor BATCHELOR, DOB 03/08/1961\n", "1961-08-03"),
    ("October 14, 2024\n\nRe: Mrs Eleanor BATCHELOR, DOB 03/08/1961\n", "1961-03-08"),
    ("Seen 14 October 2024 and again on October 20, 2024.\nDOB 03/08/1961\n", "1961-03-08"),
    ("Patient:      Mr Graham TOLLEY\nDOB:          7/5/1961\nUR No:        0083312\nExam date:    3/12/2024\n",
     "1961-05-07"),
])
def test_extract_dates_written_out_day_first_make_slashed_dates_day_first(extract_text, text, dob):
    assert extract_text(text, role="note").patients[0].dob.value == dob


@pytest.mark.parametrize("text, name, mrn, dob", [
    ("PATIENT: TESTCASE, ALMA          MRN: 000123          DOB: 01/02/1960", "TESTCASE, ALMA", "000123", "1960-01-02"),
    ("Patient: Marguerite L. Fontaine\nRecord number: LHI-208835\nBorn: March 4, 1968\n", "Marguerite L. Fontaine",
     "LHI-208835", "1968-03-04"),
    # "Sex: F" is not a name; "11/30/1962" proves month-first dates despite an "NHS" in the letterhead
    (" Patient:   ZHANG, WEI-LIN                 Sex: F        DOB: 11/30/1962 (62 yrs)\n"
     " MRN:       004417829\n Department:  NHS PREVENTIVE CARDIOLOGY CLINIC\n", "ZHANG, WEI-LIN", "004417829",
     "1962-11-30"),
    ("Re: Mr Graham TOLLEY, DOB 05/07/1961\n     Our file no. 0093312\n", "Graham TOLLEY", "0093312", "1961-05-07"),
    # a VA header: the masked SSN between the name and the DOB, no space after the comma
    ("HOLLOWAY,GERALD T           XXX-XX-4417        DOB: AUG 22,1966    AGE: 58  SEX: M\nMRN: 4410\n",
     "HOLLOWAY,GERALD T", "4410", "1966-08-22"),
    # a worklist: column names over the values
    ("ACC#         MRN       PATIENT              DOB         SEX  EXAM\n"
     "CT2408813371 5521907   NGUYEN, THI B        12/03/1970  F    CT HEART CA SCORE W/O CON\n",
     "NGUYEN, THI B", "5521907", "1970-12-03"),
    ("NAME: DELA PAZ, ROMEO JR. B.            AGE/SEX: 54 / M\nHOSPITAL NO.: 10-224871\n", "DELA PAZ, ROMEO JR",
     "10-224871", None),
    ("NHI:        ZKT4826\nPatient: Aroha Ngata\n", "Aroha Ngata", "ZKT4826", None),
    ("Level 1, 38 Cameron Road, Tauranga 3110\nNHI:        ZKT4826\nPatient: Aroha Ngata\n", "Aroha Ngata", "ZKT4826",
     None),
    ("Patient:  TREMBLAY , ROLAND A            Pt ID: PRI-0093316\n", "TREMBLAY , ROLAND A", "PRI-0093316", None),
    ("Patient: Ferraro, Vincent        Acct/MRN: NRA 5520-8816        DOB: 1-Feb-1965\n", "Ferraro, Vincent",
     "NRA 5520-8816", "1965-02-01"),
    ("Patient: Tamika R. Jordan     DOB 1971-09-30     MRN/Acct: QC2216-0457\n", "Tamika R. Jordan", "QC2216-0457",
     "1971-09-30"),
    ("Patient: María Fernanda Quiroga de Luca\nDNI: 23.118.405                     Clinical History No.: HC-558120\n",
     "María Fernanda Quiroga de Luca", "HC-558120", None),
    ("Patient:        Hans-Peter Krüger\nPID:            4471920          Case no.: 25-0708-3312\n",
     "Hans-Peter Krüger", "4471920", None),
    ("Brennan, Harold J\nMRN: 10482277\nDOB: 3/14/1967\nVisit date: 6/10/2025\n", "Brennan, Harold J", "10482277",
     "1967-03-14"),
    ("Halvorsen, Gregory T (MRN E4471920)  DOB: 08/22/1968  Encounter Date: 02/11/2025\n", "Halvorsen, Gregory T",
     "E4471920", "1968-08-22"),
    ("Bayou Family Medicine\nMARTIN J KOWALCZYK   63yo M   DOB: 09/11/1961   MRN 41077265\n", "MARTIN J KOWALCZYK",
     "41077265", "1961-09-11"),
    ("CONFIDENTIAL - contains protected health information\nBrennan, Harold J\nMRN: 10482277\n",  # a PDF's
     "Brennan, Harold J", "10482277", None),  # running header printed above the name
    ("Adebayo-Price, Ngozi  -  MRN: 11723906  -  DOB: 08/17/1965  -  59 y.o. F\n", "Adebayo-Price, Ngozi", "11723906",
     "1965-08-17"),
    ('NAME: Gerald "Gerry" O. Lindqvist     MRN: E-0093321     DOB: 12 May 1970 (55 y)\n', "Gerald O. Lindqvist",
     "E-0093321", "1970-05-12"),
    ("RE: Linda Sorensen     DOB: 7/22/1960     Our chart #: 48817\n\nPatient: SORENSEN, LINDA K     "
     "MRN: NIM-0093314\n", "Linda Sorensen", "NIM-0093314", "1960-07-22"),
    ("Pt: Whitaker, Colm J.      MRN SM-0250066      DOB 7.21.1974\n", "Whitaker, Colm J", "SM-0250066", "1974-07-21"),
    ("Visible to patient: Yes (seen)\nPatient: Hollister, Dana M     MRN: 30418872     DOB: 4/22/1961\n",
     "Hollister, Dana M", "30418872", "1961-04-22"),
    ("RE: LEVEL 1 PROVIDER APPEAL - PRE-SERVICE DENIAL\nMember:              Lorena Baptiste-Whitfield\n"
     "Practice MRN:        CHV-0061948\n", "Lorena Baptiste-Whitfield", "CHV-0061948", None),
    ("Northfield Health System | eConsult ID EC-2025-118604\nPatient:   Hollis, Bernadette June\nMRN:       NF00773215\n",
     "Hollis, Bernadette June", "NF00773215", None),
    ("Patient Name: VANTERPOOL^MIRA\nPatient ID: 00482913\nPatient Birth Date: 19580704",
     "VANTERPOOL, MIRA", "00482913", "1958-07-04"),
    ("**Patient:** Nakamura, Kenji \u00b7 **MRN:** HV0038812 \u00b7 **DOB:** 1961-12-03", "Nakamura, Kenji",
     "HV0038812", "1961-12-03"),
    ("Patient: ABERNATHY-COLE, SHONDA            MRN#: 40-118-7763\nDOB: 9/18/1972", "ABERNATHY-COLE, SHONDA",
     "40-118-7763", "1972-09-18"),
    ("PATIENT: KOWALCZYK, DENISE M\nMED REC #: MB-0061187\nD.O.B.: 1967-05-30", "KOWALCZYK, DENISE M", "MB-0061187",
     "1967-05-30"),
    ("Patient Name: Dimitri Alexandrou        Med Rec #: 451276\nDOB 12/3/1975", "Dimitri Alexandrou", "451276",
     "1975-12-03"),
    ("CAC 3/7/25 - Brandt, Oskar (MRN 5530217, DOB 11/23/1968). Ind: HLD.", "Brandt, Oskar", "5530217",
     "1968-11-23"),
    ("Patient Name : Mr. RAMESH KUMAR IYER          Age/Sex     : 52 Y / M\nUHID         : KHM0001187452\n"
     "DOB: 1972-01-05", "RAMESH KUMAR IYER", "KHM0001187452", "1972-01-05"),
    ("RE: Request for coverage of CPT 75571\nPatient: HALVORSEN, GRETA\nDate of Birth: 1958-11-23\n"
     "Member ID: BHP884120937     Group: 00412\nOur MRN: 60718842\n", "HALVORSEN, GRETA", "60718842", "1958-11-23"),
    ("Order ID: 55810293         Status: Signed\nPatient: NGUYEN, BAO    MRN 81440026    DOB 12/22/1969",
     "NGUYEN, BAO", "81440026", "1969-12-22"),
    ("Patient ................. Nakamura-Reyes, Elena\nDate of birth ........... Jan 30, 1970\n"
     "Medical record # ........ HC-118-20457\n", "Nakamura-Reyes, Elena", "HC-118-20457", "1970-01-30"),
    ("[PATIENT]\nPatientName=PEREIRA, LUCIA A\nPatientID=HW0051876\nBirthDate=19610914\nSex=F\n"
     "AccessionNo=HWCT-25-00612\n", "PEREIRA, LUCIA A", "HW0051876", "1961-09-14"),
    ("NAME: KOWALCZYK, STANLEY J          SSN: XXX-XX-4417\nPT ID (MRN): 7733910                DOB: 02/09/1938\n",
     "KOWALCZYK, STANLEY J", "7733910", "1938-02-09"),
    ("Patient: Gagnon, Marie-Claude\nDOB: 1966-Aug-02        Sex: F\nHosp. #: L-3308125\nOHIP: 4927-553-108-XK\n",
     "Gagnon, Marie-Claude", "L-3308125", "1966-08-02"),
    ("Pt: Ferreira-Lind, Sofia            Patient ID (MRN): 3390-2214-7\nD.O.B.: 1957.09.30  (F, 67)\n",
     "Ferreira-Lind, Sofia", "3390-2214-7", "1957-09-30"),
    ("Patient: DOE, JANE   MRN: 884422\nDOB (mm/dd/yyyy): 08/30/1959          Sex: F\n", "DOE, JANE", "884422", "1959-08-30"),
    ("Hollis, Benjamin R   DOB: 08/30/1977   Age: 46 Y   Sex: Male   Acct No: 442917\nMRN: 5520914\n",
     "Hollis, Benjamin R", "5520914", "1977-08-30"),
    ("BAYSIDE WOMEN'S HEALTH\nAbernathy, Claire M. (F) 52yo   DOB 07/23/1972   MRN: 3318802\n",
     "Abernathy, Claire M", "3318802", "1972-07-23"),
    # blind20/21: combined labels, an Epic printout's name in the right column, IDs beside the name
    ("PATIENT ........... HARGROVE, DENNIS P\nDOB / SEX ......... 07/19/1966 / M\n", "HARGROVE, DENNIS P", None,
     "1966-07-19"),
    ("Patient Name:   MORALES-VEGA, ROSA I           MRN:  00381762\nDOB/Age/Sex:    06/17/1962   63 years   Female\n",
     "MORALES-VEGA, ROSA I", "00381762", "1962-06-17"),
    ("Cumberland Valley Medical Center                      ABERNATHY, CELESTE D\n"
     "651 Dunlop Lane                      MRN: 10448627, DOB: 8/14/1973, Sex: F\n",
     "ABERNATHY, CELESTE D", "10448627", "1973-08-14"),
    ("Vivian Trinh   ID: 77201   DOB: 04/02/1969   56yo F\n", "Vivian Trinh", "77201", "1969-04-02"),
    ("Kevin M. Szymanski (ID #4400813)   DOB: 06/02/1971   54yo M\n", "Kevin M. Szymanski", "4400813", "1971-06-02"),
    ("Patient: Gloria Fenwick            DOB: 02/27/1966\nInsurance: Aetna Choice POS II     ID: W188204377\n",
     "Gloria Fenwick", None, "1966-02-27"),  # the member's insurance ID is no record number
    ("Interpreter used: [X] Yes - in-person staff interpreter (ID 2231)\nPatient: Rosa Diaz   DOB: 1/2/1960\n",
     "Rosa Diaz", None, "1960-01-02"),
    ("CT CARDIAC CALCIUM SCORE  09/30/2024   REYES, TOMAS A   MRN 4471902   DOB 02/17/1979\n", "REYES, TOMAS A",
     "4471902", "1979-02-17"),
    ("Athlete: Van der Berg, Willem J.\nDOB: 01/02/1960\n", "Van der Berg, Willem J", None, "1960-01-02"),
    ("Name: Castellano, Joaquin D.        Clinic ID / MRN: BCH-HIV-04412\n", "Castellano, Joaquin D", "BCH-HIV-04412",
     None),
    # blind23/24: labels of other settings and countries
    ("Paciente / Patient:      SANTIAGO VELEZ, ANGEL LUIS\nExpediente / MRN:        2025-08812\n"
     "Fecha de nacimiento:     09/22/1958\nHallazgos / Findings:\n", "SANTIAGO VELEZ, ANGEL LUIS", "2025-08812",
     "1958-09-22"),
    ("Veteran:  COLEMAN, DARRELL W.          Last 4: 6621\nDOB:      1957-01-29\n", "COLEMAN, DARRELL W", None,
     "1957-01-29"),
    ("Applicant:   Brennan J. Ostrowski\nDOB:         11-27-1967\nMedXPress #: 7K2QX4  |  Clinic chart: HPAM-3391\n",
     "Brennan J. Ostrowski", "HPAM-3391", "1967-11-27"),
    ("Hospital number:  RX4 1123987\nDate of birth:    03-Feb-1962\n", None, "RX4 1123987", "1962-02-03"),
    (" UHID         : MVH/HYD/2025/0074412                   Visit No: OP-HC-260117-031\n", None,
     "MVH/HYD/2025/0074412", None),
    ("TALLAPOOSA VALLEY HOSPITAL - RADIOLOGY                                  Dadeville, AL\n"
     "HOLCOMBE, WANDA F   MR# TV0038815   DOB 11/02/1958   DOS 01/14/2026\n", "HOLCOMBE, WANDA F", "TV0038815",
     "1958-11-02"),  # a letterhead's city and state is no name
    ("January 22, 2026\n\nMs. Harriet L. Whitfield\n88 Orchard Lane\nMiddleton, WI 53562\n\nRE: Your heart scan\n"
     "Date of birth: 06/09/1968\n\nDear Ms. Whitfield,\n", "Harriet L. Whitfield", None, "1968-06-09"),
])
def test_extract_patient_identifiers(extract_text, text, name, mrn, dob):
    ids = extract_text(text).patients[0]
    assert tuple(f.value if f else None for f in (ids.name, ids.mrn, ids.dob)) == (name, mrn, dob)


def test_extract_evidence_points_back_to_the_original_text(extract_text):
    from report_audit.extract import extract_facts
    from report_audit.pipeline import build_nlp
    from report_audit.readers import SourceDocument

    raw = "FINDINGS:\r\nVolume score 120 mm\u00b3.\r\nTotal Agatston\u00a0score: 145\r\n"
    source = SourceDocument.from_text(raw)
    ex = extract_facts(build_nlp()(source.text), source, "report")
    ev = ex.agatston_total.evidence
    assert raw[ev.start:ev.end] == ev.text == "Agatston\u00a0score: 145"  # offsets through CRLF, mm³, nbsp
    assert ev.pattern_id and ev.section == "findings"
    vol = ex.volume_score.evidence
    assert raw[vol.start:vol.end] == "Volume score 120 mm\u00b3"


@pytest.mark.parametrize("text, iso", [
    ("Date of examination: 03rd of April 2025\n", "2025-04-03"),
    ("Date of outside examination: 05/02/2025\nDate of this interpretation: 05/20/2025\n", "2025-05-02"),
    ("DOB 1958.10.03   (66 y)  M          Visit: 2025.06.17\n", "2025-06-17"),
    ("RE: Your heart calcium scan (CT calcium score) of January 15, 2026\n", "2026-01-15"),
    ("Exam Begun:         01/27/26 07:48\n", "2026-01-27"),
    ("Fecha del estudio:       04/15/2025\n", "2025-04-15"),
])
def test_extract_exam_dates_of_blind20_21(extract_text, text, iso):
    assert extract_text(text).exam_date.value == iso


def test_extract_exam_date_after_a_weekday(extract_text):
    assert extract_text("Service date: Sat 14 Sep 2024      Scan time: 10:17\n").exam_date.value == "2024-09-14"


# blind16/blind17 first looks: forms and layouts of outside writers
@pytest.mark.parametrize("text, name, mrn", [
    ("Trevor M Lindgren  |  49yo M  |  DOB 10/10/1976  |  MRN 209981\n", "Trevor M Lindgren", "209981"),
    ("RE:     Requested report - WHITFIELD, ORLA B\n\nPatient:  WHITFIELD, ORLA B             MRN: SIA-3358120\n",
     "WHITFIELD, ORLA B", "SIA-3358120"),
    ("MARCHETTI,LOUIS A        XXX-XX-4471                         FEB 13, 2026@07:58\n", "MARCHETTI,LOUIS A", None),
    ("EMPLOYEE: BRZEZINSKI, RAYMOND P      EE ID: 40219     Clinic MRN: POM-7720146\n", "BRZEZINSKI, RAYMOND P",
     "POM-7720146"),
])
def test_extract_patient_names_of_letters_worklists_and_forms(extract_text, text, name, mrn):
    ids = extract_text(text, "note").patients[0]
    assert ids.name.value == name and (ids.mrn.value if ids.mrn else None) == mrn


@pytest.mark.parametrize("text, provider", [
    ("ORDERING PHYSICIAN\nHannah Lindqvist, MD (Internal Medicine)\n", "Hannah Lindqvist"),
    ("DATE OF SERVICE 11/21/2024 13:52        ORDERING         Laura Beckstrom, PA-C (supervising: Ian Mulholland)\n",
     "Laura Beckstrom"),
    (" Referring Phys.  : GALLAGHER^SIOBHAN\n Results require physician review.  Ref: Agatston AS et al., JACC 1990.\n",
     "GALLAGHER, SIOBHAN"),
    ("Status:             Final result\nAuthorizing:        Hannah Vukovich, DO\nExam Begun:  01/27/26\n",
     "Hannah Vukovich"),  # Epic's "Authorizing" column
    ("Study coordinator: Benedikt Horvath, CCRP\nSite PI / authorizing investigator: Sunita Raghavan, MD, MPH\n",
     "Sunita Raghavan"),
    ("PCP / ordering provider for pending test: Gregory Tan, MD\n", "Gregory Tan"),
    ("M\u00e9dico referente:        Dr. H\u00e9ctor L. Rivera Col\u00f3n (Medicina Interna)\n", "H\u00e9ctor L. Rivera Col\u00f3n"),
    ("REQUESTING PHYSICIAN:  Dr. Ma. Cristina Dela Cruz-Santos (Cardiology)\n", "Ma. Cristina Dela Cruz-Santos"),
    ("Referring VA provider: Lorraine Kessler, MD (PACT Team 3)\n", "Lorraine Kessler"),
    ("Program physician:  Nathaniel Brooks, MD (Internal Medicine)\n", "Nathaniel Brooks"),
    ("Ref. provider: Dr. Simone Latimer\n", "Simone Latimer"),
    # blind22: a header over the name, two spaces in a column, a hard-wrapped name
    ("Exam date: 10/17/2024\nREFERRING PHYSICIAN\nLionel Abernathy-Osei, MD\nNorthgate Family Medicine\n",
     "Lionel Abernathy-Osei"),
    ("Ordering provider  Anand Ramaswamy-Keel, MD  Location      Preventive Cardiology Clinic\n", "Anand Ramaswamy-Keel"),
    ("20558731 Date of service: 01/08/2026 Referring: Renata\nVoskuijlen, MD Accession: VO-26-0004127\n",
     "Renata Voskuijlen"),
])
def test_extract_ordering_provider_under_a_header_or_across_a_column(extract_text, text, provider):
    assert extract_text(text).ordering_provider.value == provider


def test_extract_a_form_answer_is_no_provider(extract_text):
    fact = extract_text("  7. Prior cardiac testing ordered by a physician ......... YES - echo 2024\n", "note")
    assert fact.ordering_provider is None


# blind27 / blind28 first looks
@pytest.mark.parametrize("text, gated", [
    # a PET's gated emission data are not the CT's gating; a dedicated gated study is one not done
    ("CT: low-dose, free-breathing, non-gated helical CT for attenuation correction.\n\nGATED PET (ECG-gated emission "
     "data):\nRest LVEF 54%.\n\nCORONARY CALCIUM (Agatston method applied to the non-gated\nattenuation-correction CT; "
     "may underestimate relative to a dedicated\ngated study):\n   LAD    301\n", False),
    ("Non-gated acquisition. 1.25 mm reconstructions.\nIMPRESSION: Incidental moderate coronary artery calcification; "
     "a dedicated ECG-gated calcium score CT is not needed to confirm the presence of calcium.\n", False),
    ("TECHNIQUE: Dedicated ECG-gated non-contrast CT of the heart.\n", True),
])
def test_extract_gating_of_another_exam_or_a_test_not_done(extract_text, text, gated):
    assert extract_text(text).ecg_gated.value is gated


def test_extract_dictated_but_not_read_is_unsigned(extract_text):
    ex = extract_text("IMPRESSION: Mild coronary calcification.\n\n*** DICTATED BUT NOT READ ***\nTHIS REPORT HAS BEEN "
                      "TRANSCRIBED AND IS PENDING REVIEW AND\nELECTRONIC SIGNATURE BY THE DICTATING PHYSICIAN.\n")
    assert ex.signed.value is False


@pytest.mark.parametrize("text, iso", [
    ("Cardiac CT calcium score - Ms. Genevieve Abernathy-Rhodes, DOB 2/9/1968, MR# 118840, scanned 4/17/25 at the "
     "Wharf St office.", "2025-04-17"),
])
def test_extract_exam_dates_of_blind27_28(extract_text, text, iso):
    assert extract_text(text).exam_date.value == iso


def test_extract_a_scanned_document_date_is_no_exam_date(extract_text):
    assert extract_text("Outside records: document scanned 05/02/2025 by HIM.\n", "note").exam_date is None


@pytest.mark.parametrize("text, name, mrn", [
    ("MARTINEZ,ROBERT ALAN   666-12-4471                         Printed at BOISE VAMC\n"
     "DOB: 01/14/1962   AGE: 63   SEX: M\n", "MARTINEZ,ROBERT ALAN", None),
    ("Cardiac CT calcium score - Ms. Genevieve Abernathy-Rhodes, DOB 2/9/1968, MR# 118840, scanned 4/17/25.",
     "Genevieve Abernathy-Rhodes", "118840"),
    ("Yvonne Castellano-Pike          Date of birth: 06/21/1977\nPatient ID (MRN): 88201457\n", "Yvonne Castellano-Pike",
     "88201457"),
    ("Candidate:  HALVORSEN, ERIK JOHAN\nMRN:        TX-5510293\n", "HALVORSEN, ERIK JOHAN", "TX-5510293"),
    (" Last name: ABERNETHY_________________  First: CLAUDIA___________  MI: J_\n MRN: SRI-00952174\n",
     "ABERNETHY, CLAUDIA J", "SRI-00952174"),
])
def test_extract_patient_names_of_blind27_28(extract_text, text, name, mrn):
    ids = extract_text(text, "note").patients[0]
    assert ids.name.value == name and (ids.mrn.value if ids.mrn else None) == mrn


def test_extract_a_state_and_zip_code_are_no_record_number(extract_text):
    ex = extract_text("PALOUSE FAMILY MEDICINE\nMoscow, Idaho 83843\nTel (208) 555-0147\n", "note")
    assert not ex.patients or ex.patients[0].mrn is None


@pytest.mark.parametrize("text, provider", [
    ("Your heart scan was done on March 3, 2026, at the request of Dr. Ilse Whitcomb.", "Ilse Whitcomb"),
    ("Orders placed by: Lorraine Abernathy-Kwok, MD  (NPI on file)\n", "Lorraine Abernathy-Kwok"),
    ("ORDERING PROVIDER\n Name (print): Kwame Asante-Lindgren, MD            NPI: 1487639205\n", "Kwame Asante-Lindgren"),
    ("2. Lp(a) - ordered under CDTA (once-in-a-lifetime test).\n   >> Order signed 04/29/2025 13:02 by FELDHAUS, MARCUS, "
     "DO (ordering provider)\n", "FELDHAUS, MARCUS"),
    ("scanned 4/17/25 at the Wharf St office on referral from Dr. Mikael Lindqvist for elevated LDL.", "Mikael Lindqvist"),
])
def test_extract_ordering_providers_of_blind27_28(extract_text, text, provider):
    assert extract_text(text, "note").ordering_provider.value == provider


# blind29 / blind30 first looks
@pytest.mark.parametrize("text, iso", [
    ("Fecha del estudio / Exam date: 2-11-25\n", "2025-02-11"),
    ("PT: CROSBY, LEMUEL W    MR# 0093317    DOB 4-9-64\nEXAM: CT CALCIUM SCORE    DOS 7-22-25    REF: PETTIGREW, J MD\n",
     "2025-07-22"),
    ("Ordered by:\tPriya Venkataraman, MD\nCollected:\t3/14/2025\u00a0\u00a0 8:42 AM\nResulted:\t3/14/2025   2:15 PM\n",
     "2025-03-14"),
    ("Current exam:  18 June 2025\nPrior exam:    04 May 2021 (same scanner and protocol)\n", "2025-06-18"),
    ("TECHNIQUE: This is a non-contrast calcium scoring CT of the heart, performed on the fourth of March, two thousand "
     "twenty-five.", "2025-03-04"),
])
def test_extract_exam_dates_of_blind29_30(extract_text, text, iso):
    assert extract_text(text).exam_date.value == iso


def test_extract_a_date_of_birth_in_words(extract_text):
    ex = extract_text("HISTORY: Mr. Kettleworth is a sixty-five-year-old man, date of birth the twelfth of June, nineteen "
                      "fifty-nine, referred for cardiovascular risk assessment.")
    assert ex.patients[0].dob.value == "1959-06-12"


@pytest.mark.parametrize("text, name, mrn", [
    ("Brandy K Simmons (id #4821197, dob: 02/09/1973)\n", "Brandy K Simmons", "4821197"),
    ("Mr. Bradford T. Kessler\nMember ID: BPM-0417     Date of birth: 11/03/1963\n", "Bradford T. Kessler", None),
])
def test_extract_patient_identifiers_of_blind29_30(extract_text, text, name, mrn):
    ids = extract_text(text, "note").patients[0]
    assert ids.name.value == name and (ids.mrn.value if ids.mrn else None) == mrn


@pytest.mark.parametrize("text, provider", [
    ("========================== ORDERING PROVIDER INFORMATION ==========================\n"
     "Name:          Jonathan Achterberg, MD            Specialty: Cardiovascular Disease\n", "Jonathan Achterberg"),
    ("Consultant:   Adaeze N. Okonkwo, MD, FACC\nReferred by:  Paul T. Nguyen, MD (Internal Medicine)\n\n"
     "TTE (05/2023, ordered by Dr. Nguyen for murmur): LVEF 60-65%.\n\nPLAN\n1. Coronary artery calcium score.\n\n"
     "Adaeze N. Okonkwo, MD, FACC\nCumberland Heart Associates\n", "Adaeze N. Okonkwo"),
])
def test_extract_ordering_providers_of_blind29_30(extract_text, text, provider):
    assert extract_text(text, "note").ordering_provider.value == provider


# blind31 / blind32 first looks
def test_extract_ordered_by_with_a_two_dot_leader(extract_text):
    assert extract_text("Ordered by .. Anita Desai, MD\n").ordering_provider.value == "Anita Desai"


def test_extract_a_name_before_a_pipe_and_its_ids(extract_text):
    ids = extract_text("Marsh, Theodora | MRN 5093316 | DOB 4/4/1974 | Exam 11/5/2025 | Ordering: Dr. B. Oyelaran\n").patients[0]
    assert (ids.name.value, ids.mrn.value) == ("Marsh, Theodora", "5093316")


def test_extract_referred_by_two_spaces_in_a_header_column(extract_text):
    ex = extract_text("                Exam date    04/22/2025  11:15 AM\n                Referred by  Paul Lindgren, MD "
                      "(Northside IM)\n")
    assert ex.ordering_provider.value == "Paul Lindgren"


def test_extract_a_record_number_with_a_letter_suffix(extract_text):
    assert extract_text("Patient: GALLOWAY, ROSEMARY J        MRN: 4471902-MR\n").patients[0].mrn.value == "4471902-MR"


def test_extract_boxes_side_by_side_are_no_label_and_value(extract_text):
    ex = extract_text("PATIENT                                  | ENCOUNTER\nTHIBODEAU, MARK E                        | CSN: 13099\n"
                      "MRN: 5561203                             | Enc Date: 02/19/2026\nDOB: 10/04/1970   Age: 55 y   Sex: Male  "
                      "| Dept: FAMILY MED\n", "note")
    ids = ex.patients[0]
    assert (ids.name.value if ids.name else None) != "ENCOUNTER" and ids.mrn.value == "5561203"


# blind33 / blind34 first looks
def test_extract_an_addendum_corrects_the_exam_date(extract_text):
    ex = extract_text("Date of exam: 03/11/2025\nFINDINGS: Total Agatston score 412.\nSigned 03/12/2025.\n\n"
                      "ADDENDUM  (03/14/2025 11:05)\nThe date of exam listed in the header above (03/11/2025) is incorrect; "
                      "the patient was rescheduled and the study was performed on 03/12/2025.\n")
    assert ex.exam_date.value == "2025-03-12"


def test_extract_dotted_dates_written_month_first(extract_text):
    ex = extract_text("CT CALCIUM SCORING                         DOS: 5.19.25\nPt: TSOSIE, MARVIN K    MRN 300-418-776    "
                      "DOB 2.11.1967\n")
    assert (ex.exam_date.value, ex.patients[0].dob.value) == ("2025-05-19", "1967-02-11")


def test_extract_a_verbal_order(extract_text):
    ex = extract_text("Order entered per verbal order of Dr. Samuel Adeyemi, read back and verified.\n"
                      "Kelly Brandt, RN\n", "note")
    assert ex.ordering_provider.value == "Samuel Adeyemi"


def test_extract_exam_followed_by_a_date_of_any_month(extract_text):
    assert extract_text("Name: Delacroix, Marcel    DOB 2/6/1972\nExam 7/30/2025    Ordering: Fiona Grady, DO\n"
                        ).exam_date.value == "2025-07-30"


def test_extract_a_header_block_without_colons(extract_text):
    ex = extract_text("NAME     Sayers, Brooke Ellen\nMRN      7719024\nDOB      Sep 2 1987  (38 y F)\nDATE     Jan 8 2026\n"
                      "ORDERED  Kendrick Osei, MD - Lipid Clinic\n")
    assert (ex.exam_date.value, ex.ordering_provider.value) == ("2026-01-08", "Kendrick Osei")


@pytest.mark.parametrize("text, name, mrn", [
    ("Name: CROWLEY, DANA MICHAEL               HRN: 0017742\n", "CROWLEY, DANA MICHAEL", "0017742"),
    ("TIGER,MARLENE R          HRN: 118342        DOB: SEP 14,1962  (62)   F\n", "TIGER,MARLENE R", "118342"),
])
def test_extract_an_ihs_health_record_number(extract_text, text, name, mrn):
    ids = extract_text(text, "note").patients[0]
    assert (ids.name.value, ids.mrn.value) == (name, mrn)


# blind37 / blind38 first looks
def test_extract_exam_begin(extract_text):
    assert extract_text("Exam begin: 03/11/2025  8:41 AM          Exam end: 03/11/2025  8:47 AM\n"
                        ).exam_date.value == "2025-03-11"


def test_extract_an_npi_is_no_ordering_provider(extract_text):
    ex = extract_text("Sincerely,\n\nMarcus O. Adeyemi, MD, FACC\nRequesting/ordering physician   NPI 1982736450\n", "note")
    assert ex.ordering_provider is None or ex.ordering_provider.value != "NPI"


# blind39 / blind40 first looks
def test_extract_redacted_identifiers_are_no_values(extract_text):
    ex = extract_text("Name: [**Known lastname 5512**], [**Known firstname 881**]    Unit No: [**Numeric Identifier 70211**]\n"
                      "DOB: [**2125-1-9**]     Sex: M\nReferring: [**First Name8 (NamePattern2) 312**] "
                      "[**Last Name (NamePattern1) 4401**], MD\n")
    assert ex.ordering_provider is None
    ids = ex.patients[0]
    assert (ids.name, ids.mrn, ids.dob.value) == (None, None, "2125-01-09")  # a date-shifted date is a date
    ex = extract_text("Name: XXXXXXXX, XXXXX              MRN: XXXXX3390\nDOB: XX/XX/XXXX  (age 55)\n\n"
                      "Consultation requested by Dr. XXXXXXX for hyperlipidemia.\n\nHarlan J. Beaumont, MD, FACC\n", "note")
    assert ex.patients == [] or ex.patients[0].name is None
    assert ex.ordering_provider.value == "Harlan J. Beaumont"  # the signer orders when the requester is masked


def test_extract_a_total_a_redaction_swallowed_part_of(extract_text):
    ex = extract_text("FINDINGS:\nLAD: 412\nRCA: 150\nTOTAL CALCIUM SCORE: 6*****\n")
    assert ex.agatston_total is None


@pytest.mark.parametrize("text", [
    "IMPRESSION: Calcium score 212.\n\nApproved: [**Doctor First Name **] [**Last Name (NamePattern4) 771**]  "
    "[**2187-4-22**] 2:15 PM\n",
    "IMPRESSION: Calcium score 468.\n\nDR. [**First Name (STitle) 1023**] [**Last Name (NamePattern1) 771**]\n"
    "[**First Name8 (NamePattern2) **] [**Last Name (NamePattern1) **], M.D.   [**2183-7-19**] 4:51 PM\n",
    "IMPRESSION: Calcium score 212.\n\nMark Jones, M.D.   07/19/2025 4:51 PM\n",
])
def test_extract_a_ris_approval_line_and_a_dotted_credential_sign(extract_text, text):
    assert extract_text(text).signed.value is True


def test_extract_approved_yes_is_no_signature(extract_text):
    assert extract_text("Prior authorization\nApproved: Yes\nIMPRESSION: Calcium score 12.\n").signed is None


def test_extract_a_labelled_line_under_a_provider_header_is_no_name(extract_text):
    ex = extract_text("ORDERING PROVIDER\n Ordering Physician: Carla J. Wendt, MD         NPI: 1740392261\n"
                      " Practice: Central Plains Internal Medicine\n ABN reviewed and signed by patient on 01/14/2026\n",
                      "note")
    assert ex.ordering_provider.value == "Carla J. Wendt"


def test_extract_a_clinic_id(extract_text):
    ids = extract_text("Name: Halvorsen, Dale R\nClinic ID: OFW-2025-0412                   Visit date: 03/15/2025\n",
                       "note").patients[0]
    assert ids.mrn.value == "OFW-2025-0412"


# blind41 / blind42 first looks
def test_extract_a_chart_number_is_the_record_number(extract_text):
    ids = extract_text("RE:          Tomasz Zielinski\nDOB:         05/21/1973\nChart:       PAH-021407\n").patients[0]
    assert ids.mrn.value == "PAH-021407"


def test_extract_a_letter_to_the_referring_doctor_by_first_name(extract_text):
    ex = extract_text("September 4, 2025\n\nRebecca Lindqvist, MD\nLindqvist Internal Medicine\nNew York, NY\n\n"
                      "RE:          Tomasz Zielinski\n\nDear Rebecca,\n\nThank you for referring Mr. Zielinski for coronary "
                      "calcium scanning.\n")
    assert ex.ordering_provider.value == "Rebecca Lindqvist"


@pytest.mark.parametrize("text", [
    "RE:        Ref# CGR-7734521  /  Pt: ESPINOZA, LUCIA  /  DOS 06/17/2025\n",
    "Re:      Clinical documentation - PA request for CPT 75571\n",
])
def test_extract_a_cover_sheets_subject_is_no_patient_name(extract_text, text):
    ex = extract_text(text + "\nPatient Name: Espinoza, Lucia M.            MRN: MHV-2290173\n")
    assert ex.patients[0].name.value.lower().startswith("espinoza, lucia")  # "Pt: ESPINOZA, LUCIA" is hers too


def test_extract_a_practice_in_a_fax_header_does_not_order(extract_text):
    ex = extract_text("P: - Ordered CT coronary artery calcium score to guide statin therapy.\n\n"
                      "e-signed Priscilla Nakagawa, MD 2025-05-06 10:48\n"
                      "From: Brightwater Women's Health  (fax 919-555-0186)     12/09/2025 11:03    p. 2 of 2\n", "note")
    assert ex.ordering_provider.value == "Priscilla Nakagawa"


def test_extract_an_ordering_physicians_signature_line(extract_text):
    ex = extract_text("Ordering physician signature: Rebecca Thornton, MD (e-signature)   Date: 11/03/2025\n", "note")
    assert ex.ordering_provider.value == "Rebecca Thornton"


def test_extract_the_exam_date_of_a_ct_ca_score_title(extract_text):
    assert extract_text("CT Ca score - 07/08/2025 - WEBER, KATRIN   MRN 10457   DOB 1968-12-19\n").exam_date.value == \
        "2025-07-08"


def test_extract_an_acquisition_date_is_the_exam_date(extract_text):
    ex = extract_text("Study: CT HEART FOR CALCIUM SCORING\nAcquired: 08/14/2025 10:06 CDT\nReceived: 08/14/2025 10:31 CDT\n"
                      "Read:     08/15/2025 07:48 CDT\n")
    assert ex.exam_date.value == "2025-08-14"


# blind45 / blind46 first looks
def test_extract_a_us_document_writes_slashed_dates_month_first(extract_text):
    ex = extract_text("Scioto Valley University Medical Center\nColumbus, Ohio\n\nDATE OF EXAM: 5 January 2026\n"
                      "PATIENT: Ahmadi, Farid          MRN: 3310-77-402          DOB: 11/08/1959\n")
    assert ex.patients[0].dob.value == "1959-11-08"


def test_extract_a_name_between_double_dashes(extract_text):
    ex = extract_text("CT CARDIAC SCORING WO CONTRAST -- 02/03/2025 -- MUELLER, GRETCHEN -- MRN 88104226 -- DOB 12/12/1969\n")
    assert (ex.patients[0].name.value, ex.patients[0].mrn.value) == ("MUELLER, GRETCHEN", "88104226")


def test_extract_an_exports_fields_are_sentences_of_their_own(extract_text):
    ex = extract_text("exam date: 03/27/2025\necg gating: prospective\niv contrast: none\nlm agatston: 0\n")
    assert (ex.ecg_gated.value, ex.contrast_administered.value) == (True, False)


# blind47 / blind48 first looks
@pytest.mark.parametrize("text, mrn", [
    ("1450 W. Bannock Crest Dr., Suite 300, Boise, ID 83702    Ph (208) 555-0142\nChart #: TVH-118204\n", "TVH-118204"),
    ("MRN / ACCT: COI-8846120                        PHONE: (971) 555-0147\n", "COI-8846120"),
])
def test_extract_a_state_and_zip_are_no_record_number(extract_text, text, mrn):
    assert extract_text(text).patients[0].mrn.value == mrn


def test_extract_a_date_of_testing(extract_text):
    assert extract_text("Date of testing: 8 July 2025\nCT calcium score and treadmill test.\n").exam_date.value == "2025-07-08"


def test_extract_a_team_does_not_order(extract_text):
    ex = extract_text("Referring: Structural Heart Team (Dr. Ifeoma Chukwuemeka)\n")
    assert ex.ordering_provider is None or "Team" not in ex.ordering_provider.value


# blind49 - blind52 first looks
@pytest.mark.parametrize("text, role, name", [
    ("TREVIÑO, ROSALINDA M\nMRN: 4471902      DOB: 8/19/1972 (52 y.o.)      Sex: F\n", "report", "TREVIÑO, ROSALINDA M"),
    ("Rosalinda M Treviño\nMRN: 4471902     DOB: 8/19/1972     Age: 52 y.o.\n", "note", "Rosalinda M Treviño"),
    ("Greene, Dolores M | DOB 9/25/61 | MRN 4711902 | DOS 7/8/24 | Ref: R. Venkataraman MD\n", "report",
     "Greene, Dolores M"),
    ("CT CALCIUM SCORE - Final | Aiona, Peter K | MRN 220487731 | DOB 2/9/1952\n", "report", "Aiona, Peter K"),
    ("JANUARY 23, 2026\n\nLUCA MARCHETTI\nDOB: 07/12/1979\nMRN: 9920316\n", "note", "LUCA MARCHETTI"),
])
def test_extract_names_of_blind49_52(extract_text, text, role, name):
    assert extract_text(text, role).patients[0].name.value == name


def test_extract_a_capitals_heading_over_the_ids_is_no_name(extract_text):
    ex = extract_text("PATIENT INFORMATION\nDOB: 07/12/1979\nMRN: 9920316\n", "note")
    assert ex.patients[0].name is None


@pytest.mark.parametrize("text, role, provider", [
    ("Referring cardiologist: Samuel Whitehorse, MD\n", "report", "Samuel Whitehorse"),
    ("Chart #: 21-774019               Primary doctor: Victor Halloran, DO\n", "note", "Victor Halloran"),
    ("Per Dr. Marchetti: OK to order. Reason: repeat coronary calcium screening.\n", "note", "Marchetti"),
])
def test_extract_providers_of_blind49_52(extract_text, text, role, provider):
    assert extract_text(text, role).ordering_provider.value == provider


def test_extract_an_amended_exam_date(extract_text):
    ex = extract_text("EXAM DATE: 01/14/2025\n\nFINDINGS: TOTAL AGATSTON SCORE: 0\n\n"
                      "AMENDED 01/17/2025 09:02 BY ALAN R. BEAUCHAMP, M.D.:\nTHE EXAM DATE ABOVE IS INCORRECT. THE STUDY "
                      "WAS PERFORMED ON 01/16/2025, NOT 01/14/2025.\n")
    assert ex.exam_date.value == "2025-01-16"


def test_extract_a_terse_lines_non_contrast_after_its_indication(extract_text):
    ex = extract_text("Ind: HTN, dyslipidemia. Non-contrast; prospectively ECG-triggered.\n"
                      "LM 0 / LAD 41 / LCX 0 / RCA 0 = TOTAL 41 Agatston.\n")
    assert (ex.contrast_administered.value, ex.ecg_gated.value) == (False, True)
    assert extract_text("Indication: incidental calcification on a contrast CT in 2023.\n").contrast_administered is None


# blind53 - blind56 first looks
@pytest.mark.parametrize("text, signed", [
    ("PRELIMINARY REPORT - NOT YET REVIEWED BY ATTENDING RADIOLOGIST\nRead by: T. Wierzbicki, MD (PGY-4)\n"
     "Attending attestation: PENDING\n", False),
    ("Insurance verified: \u2612     Self-pay: \u2610\nReviewed by: K. Ambrose, RT(R)(CT)\n", None),
])
def test_extract_signatures_of_blind53_56(extract_text, text, signed):
    fact = extract_text(text).signed
    assert (fact.value if fact else None) == signed


@pytest.mark.parametrize("text, gated", [
    ("Acquisition:\n  Contrast:  No\n  Trigger:     Prospective\n", True),
    ("Technologist: R. Coutu, RT(R)(CT)      Contrast: NONE      Gating: ECG prospective\n", True),
    ("  ECG gating:   \u25a1 Prospective   \u25a1 Retrospective\n", None),  # not answered
])
def test_extract_gating_of_blind53_56(extract_text, text, gated):
    fact = extract_text(text).ecg_gated
    assert (fact.value if fact else None) == gated


def test_extract_a_history_lines_noncontrast(extract_text):
    ex = extract_text("Hx: hyperlipidemia; mother w/ CAD dx age 60. Noncontrast, prospective ECG triggering, 3 mm.\n")
    assert ex.contrast_administered.value is False


@pytest.mark.parametrize("text, name, mrn", [
    ("GAUTHIER,DENNIS M          Pt ID: XXX-XX-5307       DOB: MAR 7,1956\n", "GAUTHIER,DENNIS M", None),
    ("OGLE, PATRICIA ANN\nMRN: 0067-33-1590   DOB: 9/22/1959\n", "OGLE, PATRICIA ANN", "0067-33-1590"),
    ("Patient           Dwayne E. Pressley                     Patient #         LVC-30918\n", "Dwayne E. Pressley",
     "LVC-30918"),
])
def test_extract_identity_of_blind53_56(extract_text, text, name, mrn):
    patient = extract_text(text).patients[0]
    assert patient.name.value == name and (patient.mrn.value if patient.mrn else None) == mrn


def test_extract_an_ordering_cardiologist(extract_text):
    assert extract_text("Ordering cardiologist: Anjali Desai, MD\n").ordering_provider.value == "Anjali Desai"


# blind57 first look
def test_extract_a_record_number_label_with_the_hospitals_name(extract_text):
    ex = extract_text("RE: Richard E. Nowak     DOB: 12/01/1959     MRN (Huron Valley): 88120463\n", "note")
    assert ex.patients[0].mrn.value == "88120463"


def test_extract_a_standing_orders_physician(extract_text):
    ex = extract_text("Ordered by: Standing order - Alan Petrakis, MD, Medical Director (self-referred patient)\n"
                      "Primary care physician (per patient): Dr. Kathleen Osei\n")
    assert ex.ordering_provider.value == "Alan Petrakis"


@pytest.mark.parametrize("text, mrn", [
    ("Patient: Rousseau, Gilbert      DOB: 11/30/1961      Account Number: 77304\n", "77304"),
    ("Patient: Thanh Q. Nguyen        Date of birth: March 26, 1981        Acct: UCC-204417\n", "UCC-204417"),
    ("Patient: Ruiz, Ana   MRN: 00417733   Acct #: 9004417261\n", "00417733"),  # the record number first
    ("Patient: Ruiz, Ana   DOB: 01/02/1960\nThe LAD and RCA account for 120 of the 158.\n", None),
    ("Patient: Ruiz, Ana   DOB: 01/02/1960\nInsurance: Aetna   Account #: 7730021\n", None),
])
def test_extract_an_account_number_stands_for_a_missing_record_number(extract_text, text, mrn):
    patient = extract_text(text, "note").patients[0]
    assert (patient.mrn.value if patient.mrn else None) == mrn
    if mrn and "MRN" not in text:
        assert patient.mrn.evidence.pattern_id == "patient-account-number"


def test_extract_a_past_exams_contrast_is_not_this_ones(extract_text):
    ex = extract_text("TECHNIQUE: Prospective ECG-triggered acquisition. No IV contrast was administered for the "
                      "current study.\n\nFINDINGS:\nThe contrast-enhanced stenosis assessment from 2022 cannot be "
                      "repeated on this\nnon-contrast examination.\n")
    assert ex.contrast_administered.value is False


def test_extract_a_birth_date_after_the_sex(extract_text):
    assert extract_text("Name ........ Quintero-Vance, Marisol\nSex/DOB ..... F / 1958-11-09\n").patients[0].dob.value \
        == "1958-11-09"


def test_extract_a_dicom_header_dump(extract_text):
    ex = extract_text(
        "(0008,0020) StudyDate                      20250916\n(0008,0030) StudyTime                      101522.000\n"
        "(0008,0090) ReferringPhysicianName         OKAFOR^CHIDI^N^^MD\n(0010,0010) PatientName                    "
        "NAKAMURA^KEIKO\n(0010,0020) PatientID                      LKV-221905\n(0010,0030) PatientBirthDate"
        "               19590312\n(0032,1030) ReasonForStudy                 Hypertension, elevated LDL; risk "
        "assessment\n(0040,A032) ObservationDateTime            20250916102310\n(0040,A493) VerificationFlag"
        "               VERIFIED\n")
    assert ex.exam_date.value == "2025-09-16" and ex.signed.value is True
    assert ex.indication.value == "Hypertension, elevated LDL; risk assessment"
    assert ex.ordering_provider.value.startswith("OKAFOR, CHIDI")
    patient = ex.patients[0]
    assert patient.name.value == "NAKAMURA, KEIKO" and patient.mrn.value == "LKV-221905"


@pytest.mark.parametrize("text, mrn", [
    ("NAME: GUTIERREZ,ARMANDO L           ID: 443-18-XXXX   PT#: 6120834\n", "6120834"),  # a masked SSN is no MRN
    ("Patient:        Montague, Priscilla Ann\nClinic no.:     GFHC-004711\n", "GFHC-004711"),
    ("Client ID: HWS-AZ-0091442    Date of birth: 02/08/1962\n", "HWS-AZ-0091442"),
    ("Patient Name: Harriet J. Castellano-Voss        Person #: 0000418826\n", "0000418826"),
    ("PATIENT: SESHADRI, VIKRAM     PERSON NBR: 0000771203     DOB: 14-May-1976\n", "0000771203"),
])
def test_extract_record_numbers_of_blind62_64(extract_text, text, mrn):
    assert extract_text(text, "note").patients[0].mrn.value == mrn


@pytest.mark.parametrize("text, role, provider", [
    ("Patient Name      Whitaker, Simone D.\nOrdering Provider Ravi Chandrasekhar, MD (Endocrinology)\n", "report",
     "Ravi Chandrasekhar"),
    ("Ordering: Hospitalist - Niamh Costello, MD\n", "report", "Niamh Costello"),
    ("ORDER NOTE - PARK, MIN-JUN  DOB 3/3/1962\n7/15/25 - Dr. Felix Amsel: CAC score ordered (75571). Indication: "
     "hypercholesterolemia.\n", "note", "Felix Amsel"),
    ("Performed By: Ashby, Gwendolyn DO on 1/21/2026\nABN (CMS-R-131) reviewed and signed by patient today.\n\n"
     "Ashby, Gwendolyn DO\n", "note", "Ashby, Gwendolyn"),
])
def test_extract_ordering_providers_of_blind62_64(extract_text, text, role, provider):
    assert extract_text(text, role).ordering_provider.value == provider


@pytest.mark.parametrize("text, contrast, signed", [
    ("Your scan was performed with ECG triggering and required no injections or contrast dye.\n", False, None),
    ("Dr. med. Katarzyna Nowicka-Brandt, Radiologist\nElectronically validated 05.11.2025, 08:14\n", None, True),
])
def test_extract_a_letters_contrast_and_a_validated_report(extract_text, text, contrast, signed):
    ex = extract_text(text)
    assert (ex.contrast_administered.value if ex.contrast_administered else None) == contrast
    assert (ex.signed.value if ex.signed else None) == signed


def test_extract_an_exam_title_with_its_date(extract_text):
    assert extract_text("EXAMINATION: CT CALCIUM SCORING, 10/2/2025 7:48 AM\n").exam_date.value == "2025-10-02"


def test_extract_a_name_first_in_a_pipe_strip(extract_text):
    patient = extract_text("Brennan, Desmond P. | MRN 5530-1187 | DOB 3/2/1968\nOffice visit 8/19/2025\n", "note").patients[0]
    assert patient.name.value == "Brennan, Desmond P" and patient.mrn.value == "5530-1187"


@pytest.mark.parametrize("text, contrast, gated", [
    ("TECHNIQUE: Native low-dose cardiac CT, step-and-shoot axial mode, acquisition window centered at 70% R-R.\n",
     False, True),
    ("Series 2 - calcium scoring: unenhanced, prospectively ECG-triggered axial acquisition at 75% R-R, 3.0 mm.\n"
     "Series 4 - angiography: retrospective helical with ECG-pulsing, 65 mL iohexol 350 IV after bolus tracking.\n",
     False, True),
    ("Technique: ECG-synchronized axial scan (prospective, 65-75% R-R), 120 kV, 3 mm. No IV iodinated agent was "
     "given.\n", False, True),
    ("Technique: acquisition was triggered at end-systole (35-45% R-R), prospective axial. Contrast: not "
     "administered.\n", False, True),
    ("Allergies: iodinated contrast (urticaria, 2019).\n\nTechnique: Sequential axial at 70% R-R with 3 mm slice "
     "thickness. Contrast allergy - premedication not needed as no contrast was given.\n", False, True),
    ("EXAMINATION: CT CHEST WO CONTRAST\nTechnique: Helical chest CT.\nGating: N/A\n", False, False),
    ("Slice                 3.0 mm\nIV contrast ......... ____\nHeart rate            64 bpm\n", None, None),
    ("Technique: Axial CT of the chest after ingestion of dilute oral contrast (Omnipaque 9 mg/mL, 450 mL). No "
     "intravenous contrast was administered. The scan was not ECG-gated.\n", False, False),
    ("Technique: Native cardiac CT. ECG gating was attempted but abandoned because of atrial fibrillation; images "
     "were therefore acquired non-gated.\n", False, False),
    ("TECHNIQUE\n[X] Prospective ECG triggering      [ ] Retrospective ECG gating\n", None, True),
])
def test_extract_technique_statements_of_blind66(extract_text, text, contrast, gated):
    ex = extract_text(text)
    assert (ex.contrast_administered.value if ex.contrast_administered else None) == contrast
    assert (ex.ecg_gated.value if ex.ecg_gated else None) == gated


def test_extract_a_name_after_a_title_cell_in_a_pipe_strip(extract_text):
    patient = extract_text("CAC SCORE  2024-11-19  | Lemaire, Odile | DOB 1971-09-02 | MRN 5520914\n").patients[0]
    assert patient.name.value == "Lemaire, Odile" and patient.mrn.value == "5520914"


@pytest.mark.parametrize("text, signed", [
    ("Status: Resident read; attending review pending\nResident: Tomasz Wrona, MD (PGY-4)\n", False),
    ("Resident: Olamide Farrow, MD\nAttending addendum: I have reviewed the images and agree with the resident's "
     "interpretation above. -- Cornelius Abernathy-Liu, MD, 03/11/2025 17:05\n", True),
    ("Interpreting physician: Solomon Achebe-Ricci, MD -- signature on file\n", True),
    ("RIS STATUS: APPROVED   11/14/2025 16:03   BY: KOWALCZYK, ANNA MD\n", True),
])
def test_extract_sign_offs_of_blind66(extract_text, text, signed):
    assert extract_text(text).signed.value is signed


@pytest.mark.parametrize("text, provider, exam_date", [
    ("ORD PROV: FITZGERALD-NAIR, SIOBHAN\nEXAM: CT CARDIAC CALCIUM SCORE\n", "FITZGERALD-NAIR, SIOBHAN", None),
    ("Ordering: ED - Dr. Shauna McAllister-Obi\n", "Shauna McAllister-Obi", None),
    ("CAC SCORE - SUMMARY\nVance, Peregrine  MRN 5520973  DOB 03/03/1977  Scan 4/2/2026\nTotal Agatston 3.\n", None,
     "2026-04-02"),
])
def test_extract_providers_and_dates_of_blind66(extract_text, text, provider, exam_date):
    ex = extract_text(text)
    assert (ex.ordering_provider.value if ex.ordering_provider else None) == provider
    assert (ex.exam_date.value if ex.exam_date else None) == exam_date


@pytest.mark.parametrize("text, name, provider", [
    ("RE: FIRST-LEVEL PROVIDER APPEAL\nPatient: Rosalind Keller   DOB: 03/02/1961\n", "Rosalind Keller", None),
    ("Member ......... Tran, Minh Q\nOrdering provider .. Adaeze Nwosu, MD (Internal Medicine)\n", "Tran, Minh Q",
     "Adaeze Nwosu"),
])
def test_extract_a_payer_letters_subject_and_a_two_dot_leader(extract_text, text, name, provider):
    ex = extract_text(text, "note")
    assert ex.patients[0].name.value == name
    assert (ex.ordering_provider.value if ex.ordering_provider else None) == provider
