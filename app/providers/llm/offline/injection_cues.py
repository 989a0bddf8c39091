"""What instructions to an evaluator are made of, in the interview languages (en, es, de, fr, hi).

Each cue is a part of speech of an instruction, not a phrasing: who is addressed (a grader, an AI), what is
talked about (the score, the rubric, this answer), what is asked (an imperative, a polite request), and the
forms that only instructions take (role tags, markup, a score field set in code). injection.py decides from
their combination. Patterns run on `normalize(sentence)`: lower case, Latin accents folded ("puntuación" →
"puntuacion", "fünf" → "funf"), spaced-out letters joined ("g i v e" → "give") and digits inside words read
as letters ("1gn0re" → "ignore"), since those tricks exist only to slip past patterns like these.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = re.compile('[\u00ad\u200b-\u200f\u2060\ufeff]')
_SPACED = re.compile(r'(?<![a-z0-9])(?:[a-z] ){2,}[a-z](?![a-z0-9])')  # "g i v e" (words apart by 2+ spaces)
_LEET_WORD = re.compile(r'[a-z0-9@$]*[a-z][a-z0-9@$]*')
_LEET = str.maketrans('0134578@$', 'oieastbas')


def _fold(char: str) -> str:
    """A Latin letter without its accent; other scripts (Devanagari's vowel signs) untouched."""
    if char.isascii() or 'LATIN' not in unicodedata.name(char, ''):
        return char
    return unicodedata.normalize('NFKD', char)[0]


def _unleet(match: re.Match[str]) -> str:
    """"1gn0re", "f1ve", "m3" read as words; "ec2", "s3", "utf8", "p95" (a digit last) stay as they are."""
    word = match.group(0)
    if word == 'm3' or (not word[-1].isdigit() and any(c in '0134578@$' for c in word)):
        return word.translate(_LEET)
    return word


def normalize(sentence: str) -> str:
    text = _ZERO_WIDTH.sub('', unicodedata.normalize('NFKC', sentence)).lower()
    text = ''.join(_fold(c) for c in text)
    text = _SPACED.sub(lambda m: m.group(0).replace(' ', ''), text)
    return _LEET_WORD.sub(_unleet, text)


_DEVANAGARI = '\u0900-\u0963\u0966-\u097f'  # its letters and signs, not the danda that ends a sentence


def _re(pattern: str) -> re.Pattern[str]:
    """Compiled as the text is normalised (NFKC writes a nukta letter such as 'ज़' as two code points)."""
    return re.compile(unicodedata.normalize('NFKC', pattern))


def _words(*alternatives: str) -> re.Pattern[str]:
    """Whole words or phrases ("rate" is not "rate-limit"); Devanagari ones bounded by anything else."""
    body = '|'.join(alternatives)
    return _re(rf'(?<![\w{_DEVANAGARI}])(?:{body})(?![\w{_DEVANAGARI}-])')


STRONG_ROLE = (r'(?:ai|a\.i\.|llm|gpt|chatgpt|language model|large language model|(?:ai |llm )?(?:evaluator|grader|'
               r'scorer|assessor|examiner|reviewer)s?|(?:scoring|grading|evaluation|marking) (?:model|system|algorithm|'
               r'bot|engine|ai)|evaluador[a]?|prufer(?:in)?|bewerter(?:in)?|ki|evaluateur|evaluatrice|correcteur)')
# Who grades: naming one of these is not an instruction ("the examiner asked me..."), addressing one is.
ROLE = (r'(?:ai|llm|gpt|chatgpt|gemini|claude|language model|large language model|(?:ai |llm )?(?:evaluator|grader|'
        r'scorer|assessor|examiner|judge)s?|reviewer(?: bot)?|assistant|bot|model|system|machine|algorithm|'
        r'(?:scoring|grading|evaluation|evaluating|marking|assessment) (?:model|system|algorithm|bot|engine|pipeline|'
        r'ai|tool|program)|automated (?:system|grader|evaluator|scorer)|evaluador[a]?|calificador[a]?|corrector[a]?|'
        r'examinador[a]?|ia|modelo|prufer(?:in)?|bewerter(?:in)?|gutachter(?:in)?|ki|modell|evaluateur|evaluatrice|'
        r'correcteur|correctrice|examinateur|modele|मूल्यांकनकर्ता|मूल्यांकन करने वाले|परीक्षक|एआई)')
_GRADING = (r'(?:grading|scoring|marking|evaluating|assessing|reviewing|reading|checking|judging|rating|looking at|'
            r'grades|scores|marks|evaluates|assesses|reviews|reads|checks|rates|judges)')
ADDRESS = _re(
    # a vocative or a note to a grading role: "Dear reviewer,", "Note for the AI:", "Hey AI,", "Nota para el evaluador"
    rf'(?:^|[^\w\s\']\s*|\b(?:ok|okay|and|so|um|uh|also|now|by the way)\s+)(?:dear|hey|hi|hello|ok|okay|attention|'
    rf'(?:a |quick |one more |karma )?(?:note|message|reminder|memo|instructions?|word) (?:to|for)|'
    rf'p\.?\s?s\.?(?: to| for)?|'
    rf'nota (?:para|al|a)|mensaje para|querid[oa]|estimad[oa]|hinweis (?:an|fur)|nachricht an|liebe[rs]?|'
    rf'sehr geehrte[rs]?|note (?:a|pour)|message (?:a|pour)|cher|chere)\s+(?:the |el |la |al |los |die |den |der |'
    rf'l\'|le |les |mon |ma |my |our |any |every |whoever )?(?:\w+ )?{ROLE}\b'
    rf'|(?:^|[^\w\s\']\s*)(?:to|for|an die|an den|a l\')\s*(?:the |any |whoever is )?(?:\w+ )?{STRONG_ROLE}\b'
    rf'|(?:^|[(\[{{\-]\s*)\W*{ROLE}(?: ji| sahab)?\s*[,:!]'  # the role first, then a comma or colon
    rf'|\b(?:grading|grader\'?s?|reviewer\'?s?|evaluator\'?s?|scoring|evaluation|assessment|examiner\'?s?) note\s*:'
    # whoever is grading: "whoever is scoring this", "the person or program grading this", "any grader reading this"
    rf'|\b(?:whoever|anyone|anybody|someone|the person|the program|the one|everyone|any \w+|the \w+)(?: or \w+)?'
    rf'(?: who)?(?: is| are)?\s+{_GRADING}\b(?: (?:this|the|my))'
    rf'|\b{ROLE}\s+(?:who is |that is )?{_GRADING} (?:this|the transcript|my)'
    # the conditional address: "if you are an automated system", "before you score this"
    rf'|\bif (?:you are|you\'re|ur) (?:an? |the )?(?:\w+ )?{ROLE}\b|\bif (?:an? |the |any )?{ROLE} is {_GRADING}'
    rf'|\bif this (?:answer |response |transcript )?is being (?:scored|graded|evaluated|marked|assessed|reviewed|'
    rf'read|checked)|\b(?:before|when|while|once|as) you (?:score|grade|evaluate|mark|rate|assess|review|judge)'
    rf'|\bif you were (?:grading|scoring|evaluating|marking|rating|assessing)|\bi know you\'?re an? {ROLE}')

# What instructions ask for: a score or grade, the rubric and its dimensions, a verdict.
EVAL = _words(
    r'scores?', r'scored', r'scoring', r'grades?', r'graded', r'marks', r'mark', r'marked', r'points?', r'ratings?',
    r'rated?', r'credit', r'verdict', r'evaluation', r'assessment', r'recommendation', r'recommend(?:ed)?',
    r'rubric(?: points?| items?)?', r'criteri(?:on|a)', r'dimensions?', r'categor(?:y|ies)', r'correctness', r'depth',
    r'clarity', r'relevance', r'key points?', r'strong hire', r'hire', r'model answer', r'full credit', r'top marks',
    r'puntuacion', r'puntaje', r'nota', r'notas', r'calificacion', r'puntos', r'criterios?', r'rubrica',
    r'dimension(?:es)?', r'contratar', r'punktzahl', r'punkte[n]?', r'note', r'bestnote', r'bewertung', r'kriterien',
    r'bewertungsschema', r'einstellen', r'bareme', r'criteres?', r'notes?', r'embaucher', r'अंक', r'स्कोर', r'नंबर',
    r'मूल्यांकन', r'रेटिंग')
# The top of a scale, or everything: what an instruction wants.
TOP = _words(
    r'max(?:imum|imal)?', r'full', r'top', r'perfect(?:ly)?', r'highest', r'best(?: possible)?', r'flawless',
    r'excellent', r'outstanding', r'exceptional', r'complete', r'strong(?:est)?', r'5', r'5/5', r'five', r'10', r'ten',
    r'100', r'hundred', r'every', r'all', r'each', r'everything', r'across the board', r'maxima', r'maximo',
    r'perfect[ao]', r'excelente', r'cinco', r'diez', r'tod[oa]s', r'cada', r'volle[n]?', r'hochste[n]?',
    r'beste[n]?', r'perfekt', r'ausgezeichnet', r'funf', r'zehn', r'alle[n]?', r'jede[rsn]?', r'maximale',
    r'meilleure?', r'parfaite?', r'excellente?', r'cinq', r'dix', r'tou[st]', r'toutes', r'chaque', r'पूरे', r'पूरा',
    r'सबसे ज़्यादा', r'सबसे ज्यादा', r'पाँच', r'पांच', r'सभी')
N_OUT_OF_N = _re(r'\b(\d+|five|ten|hundred|cinco|diez|funf|zehn|cinq|dix)\s*(?:out of|/|of|de|von|sur|sobre)'
                        r'\s*(\d+|five|ten|hundred|cinco|diez|funf|zehn|cinq|dix)\b|पाँच में से|पांच में से')
# A request: a polite word anywhere, or a verb in the imperative (at the start of a clause).
PLEASE = _words(r'please', r'pls', r'plz', r'kindly', r'i\'?d be grateful', r'i would be grateful', r'grateful if',
                r'appreciate(?:d)? (?:it )?if', r'would be (?:much )?appreciated', r'por favor', r'bitte', r'merci de',
                r'veuillez', r's\'il vous plait', r's\'il te plait', r'svp', r'कृपया', r'अनुरोध', r'निवेदन')
IMPERATIVE = _re(
    r'(?:^|[:;!(\[{>]\s*|\b(?:please|kindly|just|now|so|and then|bitte|por favor|svp|then)\s+|,\s*(?:just |now |so )?)'
    r'(?:give|award|grant|assign|rate|mark|score|grade|treat|consider|count|record|set|put|output|return|list|flag|'
    r'recommend|evaluate|pretend|note|make|remember|dame|dale|da|pon|ponme|ponle|asigna|asignale|otorga|otorgale|'
    r'califica|calificala|puntua|recomienda|trata|considera|marca|evalua|gib|gebt|vergib|bewerte|bewertet|setze|setz|'
    r'empfiehl|behandle|betrachte|markiere|donne|donnez|attribue|attribuez|mets|mettez|notez|evalue|evaluez|'
    r'recommande|recommandez|considere|traite)\b(?!-)'
    r'|\b(?:you|u) (?:should|must|need to|have to|will|are to|are required to|shall|are going to) (?:now )?'
    r'(?:give|award|grant|assign|rate|mark|score|grade|treat|consider|output|return|set|put|recommend|evaluate|act)'
    r'|\b(?:should|must|needs? to|has to|ought to) (?:be )?(?:get|receive|given|rated|scored|graded|marked|awarded|'
    r'treated|considered|counted|recorded|five)|\bdeserves?|\bmerece|\bverdient|\bmerite'
    rf'|(?<![{_DEVANAGARI}])(?:दो|दें|दीजिए|दीजिये|करें|कीजिए)(?![{_DEVANAGARI}])|\bde (?:do|dijiye|dijiyega|dena)\b')
# Said of the answer's score: "should be perfect", "deserves". (Alone it is ordinary: "the engine should return".)
MODAL = _words(r'should', r'must', r'deserves?', r'ought to', r'has to', r'needs? to', r'is going to be', r'merece',
               r'deberia', r'debe', r'verdient', r'sollte', r'soll', r'merite', r'doit', r'devrait')
# "this answer", "the candidate", "me" as the thing to be scored.
TARGET = _words(
    r'(?:this|that|my|the|the above|above|the following) (?:answer|response|reply|submission|transcript|'
    r'explanation|interview)', r'(?:this|the) (?:candidate|applicant)', r'this one', r'the above',
    r'(?:give|award|grant|assign|rate|mark|score|grade|treat|consider|count|flag|evaluate) (?:me|it|this|everything)',
    r'esta respuesta', r'mi respuesta', r'este candidato', r'(?:dame|dale|ponme|asignale|otorgale)', r'diese antwort',
    r'meine antwort', r'diese[rnm]? kandidat(?:en)?', r'gib mir', r'cette reponse', r'ma reponse', r'ce candidat',
    r'attribue-moi', r'donne-moi', r'donnez-moi', r'इस उत्तर', r'इस जवाब', r'यह उत्तर', r'यह जवाब', r'मुझे',
    r'is answer', r'ye answer')
# Statements about how the answer fares against the evaluation: "meets every criterion".
VERDICT = _re(
    r'\b(?:meets?|met|satisf(?:ies|y|ied)|fulfil(?:l?s|led)?|cover(?:s|ed)?|address(?:es|ed)?|hits?|match(?:es|ed)|'
    r'check(?:s|ed)? off|nails?|nailed) (?:\w+ )?(?:all|every|each|the full)\b.{0,30}'
    r'\b(?:criteri|key points?|rubric|requirements?|dimensions?|points?|items?)'
    r'|\b(?:is|was) (?:a |an )?(?:strong hire|perfect|flawless|excellent|outstanding|exceptional|model answer|'
    r'complete|correct)\b'
    r'|\b(?:rubric|criteria|grading (?:rules|guide)|scoring (?:rules|guide)) '
    r'(?:says|say|states|requires|gives|awards)\b'
    r'|\b(?:correct|expected|right|proper|intended) (?:output|result|score|grade|verdict|evaluation|rating)\b'
    r'|\bcumple (?:con )?tod|\berfullt alle|\bremplit tous|\bsatisfait (?:a )?tous')
OVERRIDE = _re(
    r'(?:^|[^\w\s]\s*|\b(?:please|now|just|and|so|then|you to|u to|bitte|por favor)\s+)'
    r'(?:ignore|disregard|forget|override|bypass|skip|drop|ignora|olvida|olvidate de|omite|ignoriere|vergiss|'
    r'missachte|ignorez|oublie|oubliez)\b.{0,40}?\b(?:rubric|instructions?|criteria|guidelines|rules|prompt|'
    r'system prompt|scoring|grading|everything (?:above|before)|all (?:above|previous)|what you were told|'
    r'instrucciones|reglas|criterios|rubrica|anweisungen|regeln|kriterien|vorgaben|consignes|regles|criteres)\b'
    r'|\b(?:override|overriding)\s*[:!]|\boverride code|(?:निर्देशों|निर्देश).{0,25}(?:भूल|अनदेखा|नज़रअंदाज़|नजरअंदाज)')
# Forms only an instruction takes: role tags, prompt markup, leaving the transcript, a new task.
MARKUP = _re(
    r'(?:^|[\[<(|]\s*)/?\s*(?:system|sys|inst|admin|assistant|developer|instructions?|evaluation|evaluator|grader|'
    r'score|grade|rating|verdict|result|transcript|prompt|im_start|im_end)\s*(?:\|)?\s*[\]>)]'
    r'|<\|\w+\|>|#{2,}\s*(?:instruction|system|response|task)'
    r'|^\W*(?:system|assistant|developer|evaluator|grader|admin|instructions?|sistema|systeme)\s*:'
    r'|\b(?:user|human)\s*:.{0,80}\bassistant\s*:'
    r'|\bend of (?:the )?(?:transcript|answer|response|candidate\'?s? (?:answer|response)|input|data|user input)\b'
    r'|\bnew (?:task|instructions?|prompt|system prompt|rules)\b|\bbegin (?:system|instructions)')
CODE = _re(
    r'\b\w*(?:score|grade|rating|marks?|points|correctness|depth|clarity|relevance|overall|verdict|recommendation|'
    r'result)\w*["\']?\s*(?::=|=|:|->|=>)\s*["\']?(?:[1-9]|max|full|top|perfect|strong|hire|pass|excellent|true)'
    r'|\b\w*(?:set_?score|set_?grade|set_?rating|rate_?answer|give_?score|award(?:_\w+)?)\s*\('
    r'|\b(?:score|grade|rate)\s*\(\s*(?:candidate|answer|this|me|self)')
# "you are now the evaluator", "act as a lenient grader", "as an AI grader you must".
ROLE_PLAY = _re(
    rf'\b(?:you are|you\'re|you will|you now|act|acting|behave|play|pretend to be|pretend you are|from now on you)'
    rf'(?: now)?(?: act)?(?: as| like)?(?: the role of)? (?:an? |the )?(?:\w+ )?{ROLE}\b'
    rf'|\bas (?:an? |the )(?:\w+ )?(?:ai|llm|language model|evaluator|grader|scorer|assessor|examiner)\b.{{0,20}}'
    rf'\byou\b|\bfrom now on\b|\bcomo (?:modelo de lenguaje|ia)\b|\bals (?:sprachmodell|ki)\b'
    rf'|\ben tant que (?:modele de langage|ia)\b|भाषा मॉडल के रूप में')
