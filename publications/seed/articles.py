"""The seed's publications, exactly as printed on the current site."""

from datetime import date

from ..models import Precision

DAY, MONTH, YEAR, RANGE = Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.MONTH_RANGE

# (title, authors as printed, journal, date, precision, date as printed when not
#  derivable, PMID, PMCID, DOI, disease slugs)
PUBLICATIONS = [
    (
        (
            "Refracture and mortality following hospitalization for severe osteoporotic "
            "fractures: The Fractos Study."
        ),
        (
            "Christian Roux, Thierry Thomas, Julien Paccou, Geoffray Bizouard, Anne Crochard, "
            "Emese Toth, Magali Lemaitre, Frédérique Maurel, Laure Perrin, Florence Tubach"
        ),
        "JBMR Plus",
        date(2021, 5, 14),
        DAY,
        "2021 May 14",
        "34258503",
        "PMC8260818",
        "10.1002/jbm4.10507",
        [],
    ),
    (
        "The Causes of Hypo- and Hyperphosphatemia in Humans.",
        "Eugénie Koumakis, Catherine Cormier, Christian Roux, Karine Briot",
        "Calcif Tissue Int",
        date(2021, 1, 1),
        MONTH,
        "2021 Jan",
        "32285168",
        "",
        "10.1007/s00223-020-00664-9",
        [],
    ),
    (
        "The French multicentre elevated bone mass study: prevalence and causes.",
        (
            "J Paccou, R-M Javier, I Henry-Desailly, C Ternynck, A Nottez, I Legroux-Gérot, "
            "F Robin, P Fardellone, E Lespessailles, C Roux, P Guggenbuhl, S Kolta, B Cortet"
        ),
        "Osteoporos Int",
        date(2021, 9, 1),
        MONTH,
        "2021 Sep",
        "33655400",
        "",
        "10.1007/s00198-021-05898-3",
        [],
    ),
    (
        (
            "Homozygous Loss-of-Function Mutations in CCDC134 Are Responsible for a Severe Form "
            "of Osteogenesis Imperfecta."
        ),
        (
            "Dubail J, Brunelle P, Baujat G, Huber C, Doyard M, Michot C, Chavassieux P, "
            "Khairouni A, Topouchian V, Monnot S, Koumakis E, Cormier-Daire V."
        ),
        "J Bone Miner Res",
        date(2020, 8, 1),
        MONTH,
        "2020 Aug",
        "32181939",
        "",
        "10.1002/jbmr.4011",
        ["osteogenesis-imperfecta"],
    ),
    (
        (
            "Real-world care for individuals aged over fifty with fractures in France: Evidence "
            "for a wide care gap-The EPIFRACT Study."
        ),
        (
            "Karine Briot, Laurent Grange, Bernard Cortet, Jean-Marc Feron, Pierre Chauvin, "
            "Alain Coulomb, Françoise Alliot-Launois, Rahma Sellami, Chantal Touboul, "
            "Laure Perrin, Jean-Michel Joubert, Robert Launois"
        ),
        "Joint Bone Spine",
        date(2020, 10, 1),
        MONTH,
        "2020 Oct",
        "32387150",
        "",
        "10.1016/j.jbspin.2020.04.007",
        [],
    ),
    (
        (
            "Fragility fractures in France: epidemiology, characteristics and quality of life "
            "(the EPIFRACT study)."
        ),
        (
            "Bernard Cortet, Pierre Chauvin, Jean-Marc Feron, Laurent Grange, Alain Coulomb, "
            "Robert Launois, Françoise Alliot-Launois, Rahma Sellami, Chantal Touboul, "
            "Benoît Vincent, Jean-Michel Joubert, Karine Briot"
        ),
        "Arch Osteoporos",
        date(2020, 3, 13),
        DAY,
        "2020 Mar 13",
        "32170512",
        "",
        "10.1007/s11657-019-0674-2",
        [],
    ),
    (
        (
            "Alendronate or Zoledronic acid do not impair wound healing after tooth extraction "
            "in postmenopausal women with osteoporosis."
        ),
        (
            "Philippe Lesclous, Alexandra Cloitre, Sylvain Catros, Laurent Devoize, "
            "Béatrice Louvet, Cécile Châtel, Frantz Foissac, Christian Roux"
        ),
        "Bone",
        date(2020, 8, 1),
        MONTH,
        "2020 Aug",
        "32404281",
        "",
        "10.1016/j.bone.2020.115412",
        [],
    ),
    (
        (
            "Vitamin D Supplementation in France in patients with or at risk for osteoporosis: "
            "Recent data and new practices."
        ),
        (
            "Jean-Claude Souberbielle, Catherine Cormier, Etienne Cavalier, Véronique Breuil, "
            "Françoise Debiais, Patrice Fardellone, Pascal Guggenbuhl, Rose-Marie Javier, "
            "Erick Legrand, Eric Lespessailles, Julien Paccou, Thierry Thomas, Bernard Cortet, "
            "au nom du Groupe de recherche et d’information sur les ostéoporoses, (GRIO)"
        ),
        "Joint Bone Spine",
        date(2020, 1, 1),
        MONTH,
        "2020 Jan",
        "31051244",
        "",
        "10.1016/j.jbspin.2019.04.004",
        [],
    ),
    (
        "Hypophosphatasia in adolescents and adults: overview of diagnosis and treatment.",
        (
            "M L Bianchi, N J Bishop, N Guañabens, C Hofmann, F Jakob, C Roux, M C Zillikens, "
            "Rare Bone Disease Action Group of the European Calcified Tissue Society"
        ),
        "Osteoporos Int",
        date(2020, 8, 1),
        MONTH,
        "2020 Aug",
        "32162014",
        "",
        "10.1007/s00198-020-05345-9",
        ["hypophosphatasia"],
    ),
    (
        "Novel function of PiT1/SLC20A1 in LPS-related inflammation and wound healing.",
        "Koumakis, E ; Millet-Botti, J ; Benna, JE ; Leroy, C ; Boitez, V ; Codogno, P & al",
        "Sci Rep",
        date(2019, 2, 12),
        DAY,
        "2019 Feb 12",
        "30755642",
        "PMC6372663",
        "10.1038/s41598-018-37551-1",
        [],
    ),
    (
        "Vertebral fractures cascade: potential causes and risk factors.",
        "Che, H ; Breuil, V ; Cortet, B ; Paccou, J ; Thomas, T ; Chapuis, L & al",
        "Osteoporos Int",
        date(2019, 3, 1),
        MONTH,
        "2019 Mar",
        "30519756",
        "",
        "10.1007/s00198-018-4793-1",
        [],
    ),
    # The seed prints "(EOS <sup>®</sup>)": the markup is dropped, the mark kept.
    (
        (
            "Measurement of Trabecular Bone Score of the Spine by Low-Dose Imaging System "
            "(EOS®): A Feasibility Study."
        ),
        "Kolta, S ; Etcheto, A ; Fechtenbaum, J ; Feydy, A ; Roux, C ; Briot, K",
        "J Clin Densitom",
        date(2019, 4, 1),
        RANGE,
        "Apr-Jun 2019",
        "30120025",
        "",
        "10.1016/j.jocd.2018.05.040",
        [],
    ),
]

OI_FRACTURES = (
    "Ostéogenèse imparfaite : caractéristiques des fractures durant la grossesse et en post-partum"
)
OI_FRACTURES_EN = (
    "Osteogenesis imperfecta: characteristics of fractures during pregnancy and post partum"
)
