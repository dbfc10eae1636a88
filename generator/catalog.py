"""Reference vocabularies the generator draws from: specializations, diagnoses, medicines.

Plain data, no logic. Frequencies are rough public figures (US population, outpatient
case mix); they only need to make dashboards look like a hospital, not be clinical truth.
"""

from __future__ import annotations

# ABO/Rh frequencies in the US population (percent).
BLOOD_TYPES = {
    "O+": 37.4, "A+": 35.7, "B+": 8.5, "AB+": 3.4,
    "O-": 6.6, "A-": 6.3, "B-": 1.5, "AB-": 0.6,
}

GENDERS = {"Female": 50.5, "Male": 48.5, "Other": 1.0}

# Specialization -> relative head count in a mid-sized hospital.
SPECIALIZATIONS = {
    "Internal Medicine": 12, "Family Medicine": 10, "Emergency Medicine": 8, "Pediatrics": 8,
    "Cardiology": 6, "General Surgery": 6, "Obstetrics and Gynecology": 5, "Orthopedics": 5,
    "Anesthesiology": 5, "Radiology": 4, "Psychiatry": 4, "Neurology": 4, "Oncology": 4,
    "Pulmonology": 3, "Gastroenterology": 3, "Endocrinology": 3, "Nephrology": 2,
    "Dermatology": 2, "Urology": 2, "Ophthalmology": 2, "Otolaryngology": 2,
}

# Diagnosis -> (specialization that usually treats it, relative frequency,
#               typical visit cost range in currency units, medicine categories prescribed).
DIAGNOSES = {
    "Hypertension": ("Cardiology", 10, (80, 260), ("Antihypertensive",)),
    "Coronary Artery Disease": ("Cardiology", 3, (250, 1800), ("Antiplatelet", "Statin")),
    "Atrial Fibrillation": ("Cardiology", 2, (200, 1200), ("Anticoagulant", "Antiarrhythmic")),
    "Heart Failure": ("Cardiology", 2, (300, 2500), ("Diuretic", "Antihypertensive")),
    "Type 2 Diabetes": ("Endocrinology", 8, (90, 300), ("Antidiabetic",)),
    "Hypothyroidism": ("Endocrinology", 3, (70, 200), ("Hormone",)),
    "Upper Respiratory Infection": ("Family Medicine", 10, (50, 150), ("Antibiotic", "Analgesic")),
    "Influenza": ("Family Medicine", 5, (60, 180), ("Antiviral", "Analgesic")),
    "Acute Bronchitis": ("Internal Medicine", 4, (70, 220), ("Antibiotic", "Bronchodilator")),
    "Pneumonia": ("Pulmonology", 3, (300, 3000), ("Antibiotic",)),
    "Asthma": ("Pulmonology", 5, (80, 400), ("Bronchodilator", "Corticosteroid")),
    "COPD Exacerbation": ("Pulmonology", 2, (400, 3500), ("Bronchodilator", "Corticosteroid")),
    "Urinary Tract Infection": ("Urology", 5, (60, 200), ("Antibiotic",)),
    "Chronic Kidney Disease": ("Nephrology", 2, (200, 1500), ("Antihypertensive", "Diuretic")),
    "Gastroesophageal Reflux": ("Gastroenterology", 4, (70, 250), ("Proton Pump Inhibitor",)),
    "Gastroenteritis": ("Emergency Medicine", 4, (100, 600), ("Antiemetic",)),
    "Appendicitis": ("General Surgery", 1, (2500, 9500), ("Antibiotic", "Analgesic")),
    "Fracture": ("Orthopedics", 3, (400, 6000), ("Analgesic",)),
    "Osteoarthritis": ("Orthopedics", 4, (90, 450), ("Analgesic", "NSAID")),
    "Lower Back Pain": ("Family Medicine", 6, (60, 300), ("NSAID", "Muscle Relaxant")),
    "Migraine": ("Neurology", 4, (90, 400), ("Analgesic", "Triptan")),
    "Epilepsy": ("Neurology", 1, (200, 1500), ("Anticonvulsant",)),
    "Major Depressive Disorder": ("Psychiatry", 4, (120, 350), ("Antidepressant",)),
    "Generalized Anxiety Disorder": ("Psychiatry", 3, (120, 350), ("Anxiolytic", "Antidepressant")),
    "Breast Cancer": ("Oncology", 1, (1500, 9000), ("Chemotherapy", "Antiemetic")),
    "Lung Cancer": ("Oncology", 1, (2000, 9800), ("Chemotherapy", "Antiemetic")),
    "Atopic Dermatitis": ("Dermatology", 2, (60, 250), ("Corticosteroid", "Antihistamine")),
    "Allergic Rhinitis": ("Otolaryngology", 3, (50, 180), ("Antihistamine",)),
    "Otitis Media": ("Pediatrics", 3, (50, 180), ("Antibiotic",)),
    "Bronchiolitis": ("Pediatrics", 2, (100, 900), ("Bronchodilator",)),
    "Pregnancy Checkup": ("Obstetrics and Gynecology", 4, (100, 400), ("Supplement",)),
    "Cataract": ("Ophthalmology", 2, (300, 3500), ("Corticosteroid",)),
    "Sepsis": ("Emergency Medicine", 1, (3000, 9900), ("Antibiotic",)),
    "Chest Pain": ("Emergency Medicine", 3, (300, 2500), ("Antiplatelet", "Analgesic")),
    "Anemia": ("Internal Medicine", 3, (80, 400), ("Supplement",)),
    "Hyperlipidemia": ("Internal Medicine", 6, (70, 220), ("Statin",)),
}

# Medicine category -> generic names with (strength amount, unit) and (price range per pack).
MEDICINES = {
    "Analgesic": (["Paracetamol", "Tramadol", "Codeine", "Oxycodone"], ("500", "mg"), (2, 40)),
    "NSAID": (["Ibuprofen", "Naproxen", "Diclofenac", "Celecoxib", "Meloxicam"], ("200", "mg"), (3, 45)),
    "Antibiotic": (["Amoxicillin", "Azithromycin", "Ciprofloxacin", "Doxycycline", "Cephalexin",
                    "Clarithromycin", "Nitrofurantoin", "Levofloxacin"], ("500", "mg"), (5, 90)),
    "Antiviral": (["Oseltamivir", "Acyclovir", "Valacyclovir"], ("75", "mg"), (20, 160)),
    "Antihypertensive": (["Lisinopril", "Amlodipine", "Losartan", "Metoprolol", "Valsartan",
                          "Ramipril", "Carvedilol"], ("10", "mg"), (4, 60)),
    "Diuretic": (["Furosemide", "Hydrochlorothiazide", "Spironolactone"], ("40", "mg"), (3, 35)),
    "Statin": (["Atorvastatin", "Rosuvastatin", "Simvastatin", "Pravastatin"], ("20", "mg"), (5, 80)),
    "Antiplatelet": (["Aspirin", "Clopidogrel", "Ticagrelor"], ("75", "mg"), (2, 120)),
    "Anticoagulant": (["Warfarin", "Apixaban", "Rivaroxaban", "Dabigatran"], ("5", "mg"), (10, 450)),
    "Antiarrhythmic": (["Amiodarone", "Flecainide", "Sotalol"], ("200", "mg"), (15, 180)),
    "Antidiabetic": (["Metformin", "Glipizide", "Sitagliptin", "Empagliflozin", "Insulin Glargine"],
                     ("500", "mg"), (4, 480)),
    "Hormone": (["Levothyroxine", "Liothyronine"], ("50", "mcg"), (6, 60)),
    "Bronchodilator": (["Salbutamol", "Tiotropium", "Formoterol", "Ipratropium"], ("100", "mcg"), (12, 320)),
    "Corticosteroid": (["Prednisone", "Budesonide", "Fluticasone", "Hydrocortisone", "Dexamethasone"],
                       ("5", "mg"), (4, 150)),
    "Proton Pump Inhibitor": (["Omeprazole", "Pantoprazole", "Esomeprazole", "Lansoprazole"], ("20", "mg"), (4, 70)),
    "Antiemetic": (["Ondansetron", "Metoclopramide", "Promethazine"], ("4", "mg"), (5, 90)),
    "Muscle Relaxant": (["Cyclobenzaprine", "Methocarbamol", "Tizanidine"], ("10", "mg"), (5, 50)),
    "Triptan": (["Sumatriptan", "Rizatriptan", "Zolmitriptan"], ("50", "mg"), (10, 140)),
    "Anticonvulsant": (["Levetiracetam", "Lamotrigine", "Valproate", "Carbamazepine"], ("250", "mg"), (10, 220)),
    "Antidepressant": (["Sertraline", "Fluoxetine", "Escitalopram", "Venlafaxine", "Bupropion"],
                       ("50", "mg"), (6, 110)),
    "Anxiolytic": (["Buspirone", "Hydroxyzine", "Lorazepam"], ("10", "mg"), (5, 60)),
    "Chemotherapy": (["Cisplatin", "Paclitaxel", "Doxorubicin", "Carboplatin", "Capecitabine"],
                     ("100", "mg"), (250, 4800)),
    "Antihistamine": (["Cetirizine", "Loratadine", "Fexofenadine", "Diphenhydramine"], ("10", "mg"), (3, 35)),
    "Supplement": (["Ferrous Sulfate", "Folic Acid", "Vitamin D3", "Cyanocobalamin"], ("1", "mg"), (2, 30)),
}

MANUFACTURERS = [
    "Pfizer", "Novartis", "Roche", "Merck & Co.", "GlaxoSmithKline", "Sanofi", "AstraZeneca",
    "Johnson & Johnson", "AbbVie", "Bristol-Myers Squibb", "Eli Lilly", "Bayer", "Teva",
    "Sun Pharma", "Cipla", "Dr. Reddy's", "Viatris", "Sandoz", "Boehringer Ingelheim", "Takeda",
]

FORMS = ["tablet", "capsule", "oral solution"]
# Categories that come in a specific form rather than the usual oral ones.
CATEGORY_FORMS = {
    "Bronchodilator": ["inhaler", "nebuliser solution"],
    "Chemotherapy": ["injection", "infusion"],
    "Corticosteroid": ["tablet", "cream", "inhaler"],
    "Anticoagulant": ["tablet", "injection"],
    "Antidiabetic": ["tablet", "injection"],
    "Antiemetic": ["tablet", "injection"],
}

# How many times a day and for how many days drugs are usually taken.
TIMES_DAILY = {1: 45, 2: 30, 3: 18, 4: 7}
DURATION_DAYS = {3: 6, 5: 12, 7: 22, 10: 14, 14: 12, 30: 20, 60: 6, 90: 8}

PAYMENT_STATUSES = ("Paid", "Unpaid", "Pending")

# Device type -> share of patients' devices.
DEVICE_TYPES = {"multi_parameter_monitor": 40, "pulse_oximeter": 25, "bp_cuff": 15, "wearable_patch": 20}
DEVICE_PREFIX = {"multi_parameter_monitor": "MPM", "pulse_oximeter": "POX", "bp_cuff": "BPC", "wearable_patch": "WRP"}
