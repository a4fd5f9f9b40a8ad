//! The messages, typed: every diagnostic ([`Msg`], with its code) and every other text a person
//! reads ([`Text`]). Their texts are in `vi.ftl` and `en.ftl`, by variant name.

use super::macros::catalogue;

catalogue! {
    /// A diagnostic's message; its code is the diagnostic's code.
    Msg;
    // base
    /// No message (a placeholder while a message is replaced).
    Empty = "empty-message";
    /// A message put in context (a file, a part): its code is the inner message's.
    InContext { context: String, inner: Box<Msg> } = "context";
    // check
    FutureDate { date: String } = "future-date";
    SymbolKindCongVan { symbol: String, code: String, name: String, fixed: String, id: String } = "symbol-kind";
    SymbolKindOther { symbol: String, code: String, name: String, other: String, other_name: String, other_id: String } = "symbol-kind";
    SymbolKind { symbol: String, code: String, name: String, computed: String } = "symbol-kind";
    UnknownAbbreviation { group: String, issuer: String } = "unknown-abbreviation";
    CongVanVvMissing = "cong-van-vv";
    CongVanVv { start: String } = "cong-van-vv";
    CongVanUnit { symbol: String } = "cong-van-unit";
    CongVanKinhGui = "cong-van-kinh-gui";
    MissingSummary { kind: String } = "missing-summary";
    XacNhanNoiNhan = "xac-nhan-noi-nhan";
    FormNumber = "form-number";
    NoiNhan = "noi-nhan";
    NoiNhanLuu { last: String } = "noi-nhan-luu";
    DrafterLetters { initials: String } = "phat-hanh";
    DrafterUpper { initials: String } = "upper-case";
    CopiesIssuedZero = "phat-hanh";
    CopiesKeptZero = "phat-hanh";
    CopiesKeptNoLuu = "phat-hanh";
    NoiNhanNhuTren = "noi-nhan-nhu-tren";
    UpperParent { value: String } = "upper-case";
    UpperIssuer { value: String } = "upper-case";
    UpperTitle { value: String } = "upper-case";
    UpperSignedFor { value: String } = "upper-case";
    UpperAppendix { value: String } = "upper-case";
    Closing = "closing";
    SignatureKt = "signature-kt";
    SignatureTm { over: String } = "signature-tm";
    SignatureQ = "signature-q";
    SignerName = "signer-name";
    BienBanKind { kind: String } = "bien-ban-kind";
    BienBanKindNone = "bien-ban-kind";
    BienBanParts = "bien-ban-parts";
    BienBanThuKy = "bien-ban-thu-ky";
    BienBanChuToa = "bien-ban-chu-toa";
    LienTichSigners { agencies: usize, signers: usize } = "lien-tich-signers";
    LienTich = "lien-tich";
    FormField { field: String, owner_name: String, name: String, owner: String } = "form-field";
    FormFieldNone { field: String, owner_name: String, owner: String } = "form-field";
    FormPartsDien { owner_name: String, field: String } = "form-parts";
    FormPartsGioiThieu { owner_name: String, field: String } = "form-parts";
    FormPartsNghiPhep { owner_name: String, field: String } = "form-parts";
    CongDienRecipients = "cong-dien-recipients";
    ParagraphBreak { list: String } = "control-char";
    TabChar { list: String } = "control-char";
    ControlChar { list: String } = "control-char";
    BidiChar { list: String } = "bidi-char";
    InvisibleChar { list: String } = "invisible-char";
    MissingGlyph { list: String } = "missing-glyph";
    ExpiredLawReplaced { cited: String, end: String, date: String, replacement: String, can_cu: String } = "expired-law";
    ExpiredLaw { cited: String, end: String, date: String } = "expired-law";
    LetterheadLine { text: String, width: String, column: String, printed: String, count: usize, entries: String } = "letterhead-line";
    MissingPlace = "missing-place";
    HeadingRepeats { heading: String, expected: String } = "heading-order";
    HeadingSkips { heading: String, expected: String } = "heading-order";
    DivisionRepeats { line: String, expected: String } = "legal-order";
    DivisionSkips { line: String, expected: String } = "legal-order";
    ArticleRepeats { line: String, expected: String } = "legal-order";
    ArticleSkips { line: String, expected: String } = "legal-order";
    ClauseOrder { line: String, article: u32, expected: String } = "legal-order";
    PointOrder { line: String, article: u32, expected: String } = "legal-order";
    // compose
    UnknownKind { kind: String, expected: String } = "unknown-kind";
    DateAsText { date: String } = "date-as-text";
    BadDate { date: String } = "bad-date";
    MissingIssuerKind { kind: String } = "missing-issuer";
    IssuerNoName = "missing-issuer";
    MissingAbbreviation = "missing-abbreviation";
    BadNumber { number: u32 } = "bad-number";
    JointIssuerNoName = "missing-issuer";
    JointAbbreviation = "missing-abbreviation";
    MarkWithoutNumber = "mark-without-number";
    CoSignerImage = "image";
    XacNhanSigners = "xac-nhan-signers";
    FormBadDate { date: String } = "bad-date";
    LeaveDates = "leave-dates";
    BadTime { time: String } = "bad-time";
    BienBanPresent = "missing-field";
    MissingSigningFor { prefix: String } = "missing-signing-for";
    CopyAgencyNoName = "missing-issuer";
    CopyAbbreviation = "missing-abbreviation";
    CopyBadNumber { number: u32 } = "bad-number";
    CopyBadDate { date: String } = "bad-date";
    CopyFuture { date: String } = "future-date";
    CopyDate { date: String, original: String } = "copy-date";
    CopyPlace = "missing-field";
    CopyNoiNhanLuu { last: String } = "noi-nhan-luu";
    CopyNoiNhan = "noi-nhan";
    BadHeadingLevel { level: u8 } = "bad-heading-level";
    BarValue = "bad-value";
    BarAboveTop { largest: String, top: String } = "bad-value";
    AxisTop = "bad-value";
    EmptyTable = "empty-table";
    BadWidth = "bad-width";
    BadAlign { given: usize, columns: usize } = "bad-align";
    RowWidth { width: usize, columns: usize } = "row-width";
    // input
    ReadDirectory = "read";
    FileNotFound = "read";
    CannotRead { error: String } = "read";
    TooLarge { mb: u64 } = "too-large";
    Encoding { offset: usize } = "encoding";
    EmptyFile = "empty";
    NotADocument { found: Box<Text> } = "not-a-document";
    JsonTrailing { detail: String } = "json-syntax";
    JsonSyntax { detail: String } = "json-syntax";
    JsonIo { detail: String } = "read";
    UnknownField { field: String, detail: String } = "unknown-field";
    MissingField { field: String, detail: String } = "missing-field";
    UnknownValue { value: String, detail: String } = "unknown-value";
    WrongType { detail: String } = "wrong-type";
    // images
    ImageNotFound { image: String } = "image";
    ImageOutside { image: String, base: String } = "image";
    ImageCannotRead { image: String, error: String } = "image";
    ImageTooBig { image: String, size: String, max: u64 } = "image";
    ImageNotPng { image: String } = "image";
    ImageDamaged { image: String, error: String } = "image";
    ImagePixels { image: String, width: u32, height: u32, max: u32 } = "image";
    ImageNotReadHere { image: String } = "image";
    ImageBackground { what: Box<Text>, image: String } = "image-background";
    SealSize { diameter: String } = "image";
    // data
    CannotWrite { path: String, error: String } = "write";
    CannotCreate { path: String, error: String } = "write";
    LawTable { detail: String } = "phap-luat";
    RowsFormat { ext: String } = "rows-format";
    RowsHeaderBad { column: usize, name: String } = "rows-header";
    RowsHeaderTwice { name: String } = "rows-header";
    RowsHeaderGroup { name: String, other: String } = "rows-header";
    RowsCell { problems: String } = "rows-cell";
    RowsJson { detail: String } = "json-syntax";
    RowsNotArray = "rows-format";
    RowsNotObject { row: usize, found: Box<Text> } = "rows-format";
    TemplateNotFound { templates: String } = "read";
    TemplateJson { detail: String } = "json-syntax";
    TemplateNotObject = "not-a-document";
    TemplateSyntax { reason: String, line: usize, column: usize } = "template-syntax";
    TemplateRowValue { detail: String } = "template-value";
    TemplateResult { detail: String } = "template-result";
    TemplateMissing { var: String } = "template-missing";
    TemplateMissingUnnamed = "template-missing";
    TemplateMissingAnyColumn { var: String } = "template-missing";
    TemplateMissingUnnamedAnyColumn = "template-missing";
    TemplateValue { detail: String } = "template-value";
    HelperNumber { helper: String, value: String } = "template-value";
    HelperRoman { value: String } = "template-value";
    HelperDate { value: String } = "template-value";
    HelperWords { value: String } = "template-value";
    NamePattern { pattern: String, reason: String } = "name-pattern";
    NoFillableForm { template: String } = "usage";
    NoOutput = "usage";
    Cancelled { done: usize, total: usize } = "cancelled";
    WorkersFailed { count: usize } = "bulk-worker";
    TemplateNotText { path: String } = "template-section";
    TemplateLap = "template-lap";
    TemplateLapMissing { over: String } = "template-missing";
    TemplateLapNotList { over: String } = "template-lap";
    TemplateNeu = "template-neu";
    // register
    RegisterExport { error: String } = "register-export";
    RegisterImport { detail: Box<Msg> } = "register-import";
    RegisterImportColumns { detail: Box<Msg>, columns: String } = "register-import";
    RegisterNoHeader { sheet: String, first: String } = "register-import";
    RegisterNoNumber { number: String, year: i32 } = "register-void";
    RegisterSequences { number: String, year: i32, count: usize, choices: String } = "register-void";
    RegisterAlreadyVoid { entry: String } = "register-void";
    RegisterIssuer = "register-issuer";
    RegisterUnknownKind { kind: String } = "unknown-kind";
    RegisterBadDate { date: String } = "bad-date";
    RegisterServer { detail: String } = "register-server";
    RegisterReadOnlyPg { detail: String } = "register-read-only";
    RegisterUnusable { detail: String } = "register";
    RegisterForeignPg = "register-foreign";
    RegisterNewerPg { version: i64, ours: i64 } = "register-newer";
    RegisterNewer { version: i64, ours: i64 } = "register-newer";
    RegisterTaken { number: String, year: i32, entry: String, date: String, summary: String } = "register-taken";
    RegisterVoided { number: String, year: i32, entry: String, date: String, summary: String } = "register-taken";
    RegisterFull { issuer: String, year: i32 } = "register-full";
    RegisterImported { entry: String, year: i32 } = "register-taken";
    RegisterMissing = "register-missing";
    RegisterOpen { error: String } = "register-open";
    RegisterOpenDetail { error: String } = "register-open";
    RegisterUnwritable { error: String } = "register-read-only";
    RegisterDamaged { error: String } = "register-corrupt";
    RegisterNotSqlite { error: String } = "register-foreign";
    RegisterForeign = "register-foreign";
    RegisterDamagedVersion { error: String } = "register-corrupt";
    RegisterReadOnly { detail: String } = "register-read-only";
    RegisterLocked { seconds: String, detail: String } = "register-locked";
    RegisterCorrupt { detail: String } = "register-corrupt";
    RegisterConfigDamaged { error: String } = "register-corrupt";
    RegisterOutOfRange { value: i64 } = "register-corrupt";
    RegisterTooLarge { value: u32 } = "register";
    RegisterCell { sheet: String, row: u32, column: String, header: String, detail: Box<Msg> } = "register-import";
    RegisterBadSymbol { value: String } = "register-import";
    RegisterBadImportDate { value: String } = "register-import";
    // render
    DocxNoCharts = "docx";
    DocxChart { title: String, detail: String } = "docx";
    DocxPackage { error: String } = "docx";
    FontDir { dir: String, error: String } = "font-path";
    FontRead { font: String, error: String } = "font-path";
    FontNotFont { font: String } = "font-path";
    LayoutGlyph { list: String } = "missing-glyph";
    NumberPage = "typst";
    PdfError { detail: String } = "pdf";
    ChartNoPage = "render";
    ChartEncode { error: String } = "render";
    LayoutFailed { detail: String, hint: String } = "typst";
    LayoutFailedBare { detail: String } = "typst";
    FontProblem { detail: String, hint: String } = "font";
    FontProblemBare { detail: String } = "font";
    SigNoPage = "signature-field";
    SigNoSigner = "signature-field";
    SigCannotAdd { error: String } = "signature-field";
    SigNoPageN { page: usize } = "signature-field";
    SigHasForm = "signature-field";
    SigCannotWrite { error: String } = "signature-field";
    // sheet
    /// A message about a sheet of a workbook: its code is the inner message's.
    InSheet { sheet: String, inner: Box<Msg> } = "context";
    SheetTitle { last: u32, header: u32, title: String } = "sheet-title";
    SheetFooterOne { row: u32, shown: String } = "sheet-footer";
    SheetFooterMany { first: u32, last: u32, shown: String } = "sheet-footer";
    SheetTotal { cell: String, header: String, stated: String, sum: String } = "sheet-total";
    SheetHiddenRow { row: String } = "sheet-hidden";
    SheetHiddenRows { rows: String } = "sheet-hidden";
    SheetHiddenColumn { columns: String } = "sheet-hidden";
    SheetHiddenColumns { columns: String } = "sheet-hidden";
    SheetEncoding { encoding: Box<Text>, cells: String } = "sheet-encoding";
    SheetPercent { cells: String } = "sheet-percent";
    SheetEmpty = "rows-header";
    NoHeaderRow { last: usize, shown: String } = "rows-header";
    UnknownColumn { place: String, column: String, known: String } = "rows-header";
    SecondColumn { place: String, column: String, key: String, first: String } = "rows-header";
    NoColumn { row: u32, column: String } = "rows-header";
    NotSpreadsheet = "rows-format";
    CannotOpenWorkbook { error: String } = "rows-read";
    NoSheetNamed { sheet: String, sheets: String } = "rows-sheet";
    NoSheets = "rows-sheet";
    NotOpen = "rows-read";
    CannotReadSheet { sheet: String, error: String } = "rows-read";
    CsvNotUtf8 { line: usize, guess: Box<Text> } = "encoding";
    CsvRowError { row: usize, error: String } = "rows-read";
    // dossier
    InfoRowsSkipped { rows: String } = "sheet-title";
    DossierFormat { ext: String } = "dossier-format";
    DossierJson { detail: String } = "json-syntax";
    DossierNotObject = "dossier-format";
    DossierUnknownField { field: String, known: String } = "unknown-field";
    DossierNoInfo = "missing-field";
    DossierNotList { key: String } = "wrong-type";
    DossierNoSheet { sheet: String, what: Box<Text>, sheets: String } = "dossier-sheet";
    DossierRead { detail: Box<Msg> } = "dossier-read";
    DossierUnknownItem { sheet: String, row: usize, column: String, label: String, items: String } = "dossier-column";
    DossierCell { sheet: String, row: usize, column: String, problem: Box<Text> } = "dossier-cell";
    DossierCellHeader { sheet: String, row: usize, column: String, header: String, problem: Box<Text> } = "dossier-cell";
    DossierBadDate { date: String } = "dossier-info";
    NameEmpty = "dossier-name";
    FieldIsMissing { field: String } = "missing-field";
    RecordDetail { detail: String } = "wrong-type";
    ExpectedWhole { got: String } = "wrong-type";
    UnknownRecordValue { detail: String } = "unknown-value";
    ClassSize { detail: Box<Msg> } = "dossier-class";
    MustBeObject { what: Box<Text> } = "wrong-type";
    InfoEmpty { field: String } = "dossier-info";
    ClassTwice { class: String } = "dossier-duplicate";
    BirthBadDate { date: String } = "dossier-birth";
    BirthFuture { name: String, date: String } = "dossier-birth";
    StudentNoClass { name: String } = "dossier-class";
    ClassNoSize { name: String, class: String } = "dossier-class";
    NoClassSizes = "dossier-sheet";
    CollectiveNoName = "dossier-name";
    NominatedTwice { name: String, other: String } = "dossier-duplicate";
    DossierEmpty = "dossier-empty";
    RulesBefore { date: String, source: String, from: String } = "rules-validity";
    RulesAfter { date: String, source: String, to: String } = "rules-validity";
    RulesBasisExpired { source: String, basis: String, end: String } = "rules-validity";
    RulesBasisReplaced { source: String, basis: String, end: String, replacement: String } = "rules-validity";
    RulesFormat { detail: String } = "rules-format";
    CriterionNoCondition { name: String } = "rules-criterion";
    RulesUnknownField { field: String, fields: String } = "rules-field";
    ConditionNotNumber { field: String } = "rules-condition";
    ConditionOneOf = "rules-condition";
    QuotaLastBand = "rules-quota";
    QuotaBySize = "rules-quota";
    QuotaOneOf { name: String } = "rules-quota";
    QuotaLoai = "rules-quota";
    QuotaCollectives = "rules-quota";
    CouncilInfo { detail: String } = "council-info";
    RulesJson { detail: String } = "json-syntax";
    // cli
    WriteBack = "register-write-back";
    DataRowNotObject = "rows-format";
    DataRowJson { detail: String } = "json-syntax";
    // aggregate
    FolderUnreadable { error: String } = "read";
    NoSuchPath = "read";
    NoReturnedForms = "usage";
    ListNoCode { column: String } = "rows-header";
    ListCodeEmpty { row: usize, column: String } = "rows-cell";
    ListTwice { row: usize, code: String } = "rows-cell";
    NoFormInSummary { template: String } = "template-tong-hop";
    NoAggregation { template: String } = "usage";
    SummaryNoForm = "template-tong-hop";
    SummaryNoMeasures = "template-tong-hop";
    SummaryRate = "template-tong-hop";
    SummaryCount = "template-tong-hop";
    SummaryMeasure = "template-tong-hop";
    SummaryGrouping = "template-tong-hop";
    SummaryRanking = "template-tong-hop";
    SummaryNotMeasure { by: String } = "template-tong-hop";
    SummaryNameUsed { name: String } = "template-tong-hop";
    SummaryNotNumber { field: String, form: String } = "template-tong-hop";
    ZipRead { error: String } = "read";
    // form
    FormNeedsText { key: String } = "template-form";
    FormUnit = "template-form";
    FormIdentityLine = "template-form";
    FormIdentityList = "template-form";
    FormPeriodFields = "template-form";
    FormIndicators = "template-form";
    FormIndicator = "template-form";
    FormKind = "template-form";
    FormListedTwice { key: String } = "template-form";
    FormMaxOf { field: String } = "template-form";
    FormUnitCode { field: String } = "form-unit";
    FormUnitName { field: String } = "form-unit";
    FormPeriod { field: String } = "form-period";
    FormWorkbook { error: String } = "write";
    FormUnknown = "form-unknown";
    FormRead { detail: Box<Msg> } = "form-read";
    FormRenamed { sheet: String, name: String } = "form-moved";
    FormSheetGone { sheet: String } = "form-changed";
    FormMoved { sheet: String, count: usize, from: String, to: String, more: String } = "form-moved";
    FormNoMark { sheet: String, mark: String } = "form-unknown";
}

catalogue! {
    /// A text a person reads that is not a diagnostic: the CLI's lines, CSV headers, words.
    Text;
    // base
    Error;
    Warning;
    Hint;
    DataField { field: String };
    // input
    FoundArray;
    FoundString;
    FoundNumber;
    FoundOther;
    // images
    SignatureImage;
    SealImage;
    // data
    CellProblem { cell: String, problem: Box<Text> };
    FieldProblem { field: String, problem: String };
    NoHeaderValue { column: String };
    FoundNull;
    FoundBool;
    FoundObject;
    EmptyRow;
    NamePatternFailed { error: String };
    FailureRow { row: usize };
    WithHint { message: String, hint: String };
    CsvRow;
    CsvField;
    CsvMessage;
    // sheet
    NotNumber { text: String };
    MixedEncoding { text: String, encoding: Box<Text> };
    Formula;
    ExcelError { error: String };
    DateOutOfRange { date: String };
    Tcvn3;
    Vni;
    CsvCellAt { row: u32, column: u32 };
    SheetCellAt { sheet: String, cell: String };
    CsvFieldAt { row: u32, header: String };
    CsvRowAt { row: u32 };
    SheetFieldAt { sheet: String, row: u32, column: String, header: String };
    SheetRowAt { sheet: String, row: u32 };
    AndMore { list: String, more: usize };
    AndMoreRows { list: String, more: usize };
    Utf16;
    CodePage;
    // dossier
    InfoSheetWhat;
    IndividualsWhat;
    AClass;
    AnIndividual;
    ACollective;
    PlaceColumn { sheet: String, row: usize, letter: String, header: String };
    PlaceNoColumn { sheet: String, row: usize, field: String };
    PlaceRow { sheet: String, row: usize };
    PlaceShort { sheet: String, row: usize };
    PlaceItem { sheet: String, label: String };
    SumUnit;
    SumFile;
    SumProposedIndividuals;
    SumProposedCollectives;
    SumWithinIndividuals;
    SumWithinCollectives;
    SumAwardedIndividuals;
    SumAwardedCollectives;
    VioCode;
    VioMessage;
    VioRule;
    VioNominees;
    // cli
    CliError { message: String };
    CliCannotWriteStdout { error: String };
    FilesChecked { files: usize, errors: usize, warnings: usize };
    AndMoreLines { more: usize };
    AndMoreNotes { more: usize };
    BulkSummary { read: usize, written: usize, failed: usize, seconds: String, rate: String, csv: String };
    SeeFile { path: String };
    TemplateSyntaxOk { input: String };
    MaybeTemplate { input: String };
    RowsChecked { read: usize, input: String, failed: usize };
    Wrote { path: String };
    SummaryLine { files: usize, units: usize, rejected: usize, sent: String, problems: usize, seconds: String };
    SentMissing { sent: usize, missing: usize };
    RowsOneTemplate;
    NoStarter { kind: String, kinds: String };
    Exists { path: String };
    UnknownOutput { path: String };
    OneInputForO;
    DataNeedsTemplate;
    StdinNoName;
    CannotCreateDir { path: String, error: String };
    SayWhereRender;
    PdfA3Stdin;
    RegisterStdin;
    IssuedNumber { input: String, number: String };
    IssuedCopyNumber { input: String, kind: String, number: String };
    NumbersListed { count: usize };
    ExportFormats { path: String };
    WroteNumbers { path: String, count: usize, year: i32 };
    Imported { count: usize, path: String };
    OneSequence;
    OwnSequences { kinds: String };
    AdvisorySequences { bodies: String };
    SecretSequences;
    NotANumber { value: String };
    Voided { entry: String, year: i32, reason: String };
    OneDocumentForO;
    CreatedRegister { location: String };
    NumberOf { name: String, number: String, how: String };
    KyExpected { value: String };
    DataOneObject { path: String };
    PasswordStdin { error: String };
    AccountWritten { path: String, name: String };
    PasswordOrToken;
    TokenShort;
    CannotOpenBrowser { error: String };
    ServeRefusing { host: String };
    ServeThreads { error: String };
    ServeListen { addr: String, error: String };
    ServeStopped { error: String };
    AuthBadLine { path: String, line: usize };
    AuthNoAccount { path: String };
    AuthNoRandom { error: String };
    AuthBadName { name: String };
    AuthShortPassword;
    // aggregate
    OtherPeriod { theirs: String, ours: String };
    ReturnedTwice { code: String, kept: String, why: Box<Text> };
    WhyValid;
    WhySavedLater { kept: String, other: String };
    Unknown;
    WhyChangedLater;
    WhyLaterOrder;
    NotInList { code: String };
    CannotOpenAsWorkbook;
    FormOfOther { theirs: String, ours: String };
    FormVersion { theirs: String, ours: String };
    FormNoUnit { column: String };
    NotAForm { column: String };
    CodeEmptyRow { column: String };
    CsvColumnAt { row: usize, key: String };
    LoiFile;
    LoiSheet;
    LoiCell;
    LoiUnit;
    LoiMessage;
    ProblemSheet { sheet: String };
    // form
    FieldBad { label: String, why: String };
    FieldNotFilled { label: String };
    FieldNotNumber { label: String, value: String };
    FieldOutOfRange { label: String, value: String, want: Box<Text> };
    WantWhole;
    WantNumber;
    WantRate;
    FieldAboveTotal { label: String, value: String, total: String, total_value: String };
    MixedEncodingCell { encoding: Box<Text> };
    FormChangedHeader;
    FormChangedAt { row: u32, label: String, what: Box<Text> };
    NothingThere;
    Quoted { text: String };
}

impl Msg {
    /// The diagnostic code: the variant's, or for a message put in context, its inner one's.
    pub fn code(&self) -> &'static str {
        match self {
            Msg::InContext { inner, .. } | Msg::InSheet { inner, .. } => inner.code(),
            _ => self.declared_code(),
        }
    }
}

impl Text {
    /// A text has no code (the field exists for the shared [`super::Entry`]).
    pub fn code(&self) -> &'static str {
        self.declared_code()
    }
}
