"""ecommod: models, curated data and a claim ledger for the companion book to Wu & Luo (2025).

吴腾威, 罗利平 (2025). 金融赋能视角下电商经济数字化转型的逻辑与路径. 电子商务评论 14(12): 5064-5072.
DOI 10.12677/ecl.2025.14124461.

Importing the package loads nothing heavy; import the module you need:
``ecommod.data`` (validated data, third-party datasets read in place), ``ecommod.paper`` (the
paper's text, its numbers and the census), ``ecommod.claims`` (the claim ledger and its two
verdicts), ``ecommod.stats`` (growth, trends, forecasts), ``ecommod.inequality`` (regional
concentration), ``ecommod.market`` (the §1 model checks), ``ecommod.present`` (numbers and tables
as readers see them) and ``ecommod.plotting`` (the book's figure theme).
"""

__version__ = "0.1.0"
