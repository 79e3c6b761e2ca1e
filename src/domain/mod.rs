//! ECS domain rules as plain functions with tables, shared by the wizards and tested exhaustively.
//! The emulator accepts invalid input; tecs must not send it.

pub mod names;
