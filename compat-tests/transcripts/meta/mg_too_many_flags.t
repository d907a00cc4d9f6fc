# Too many flag tokens: CLIENT_ERROR options flags are too long.
>>> mg x a b c d e f g h i j k l m n o p q r s t\r\n
<<< CLIENT_ERROR options flags are too long\r\n
>>> mg x s c f h k l t v O1 u P L q Pa Pb Pc Pd Pe Pf\r\n
<<< CLIENT_ERROR options flags are too long\r\n
>>> mg x s c f h k l t v O1 u P L q Pa Pb\r\n
<<< CLIENT_ERROR duplicate flag\r\n
