//! The macro that makes a message enum: each variant with its id (its name), its diagnostic
//! code and its typed fields, the catalogue's variables.

/// `catalogue! { Msg; Variant { field: Type, … } = "code"; … }` (a `Text` has no code).
macro_rules! catalogue {
    ($(#[$em:meta])* $enum:ident; $( $(#[$m:meta])* $name:ident $({ $($f:ident : $t:ty),* $(,)? })? $(= $code:literal)? ; )*) => {
        $(#[$em])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $enum {
            $( $(#[$m])* $name $({ $($f: $t),* })? ),*
        }

        impl $enum {
            /// Every variant: its id, code and fields.
            pub const ALL: &'static [crate::messages::Entry] = &[
                $( crate::messages::Entry { id: stringify!($name), code: { #[allow(unused_variables)] let c = ""; $(let c = $code;)? c }, fields: &[$($(stringify!($f)),*)?] } ),*
            ];

            /// The message's id in the catalogues.
            pub fn id(&self) -> &'static str {
                match self { $( $enum::$name { .. } => stringify!($name) ),* }
            }

            fn declared_code(&self) -> &'static str {
                match self { $( $enum::$name { .. } => { #[allow(unused_variables)] let c = ""; $(let c = $code;)? c } ),* }
            }

            /// The named arguments, as text in `lang`.
            #[allow(unused_variables)]
            pub fn args(&self, lang: crate::messages::Lang) -> Vec<(&'static str, String)> {
                match self {
                    $( $enum::$name $({ $($f),* })? => vec![$($( (stringify!($f), crate::messages::Arg::arg($f, lang)) ),*)?] ),*
                }
            }

            /// The message in `lang`.
            pub fn render(&self, lang: crate::messages::Lang) -> String {
                let args = self.args(lang);
                crate::messages::format(lang, self.id(), None, &args)
                    .or_else(|| crate::messages::format(crate::messages::Lang::En, self.id(), None, &args))
                    .unwrap_or_else(|| self.id().to_string())
            }

            /// The message's hint (its attribute `.hint`) in `lang`, if it has one.
            pub fn hint(&self, lang: crate::messages::Lang) -> Option<String> {
                crate::messages::format(lang, self.id(), Some("hint"), &self.args(lang))
            }
        }

        impl std::fmt::Display for $enum {
            /// The message in the process's language.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.render(crate::messages::lang()))
            }
        }
    };
}

pub(crate) use catalogue;
